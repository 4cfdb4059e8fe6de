# production-windows: the production gateway of seed 002 (fixtures/gateways/production-windows)
# and a strongSwan client shaped like Windows 10 (fixtures/clients/production-windows): six
# MODP_1024 proposals with 3DES first, EAP-MSCHAPv2 as user1, IPv4 and IPv6 virtual addresses.
# The gateway, which has no 3DES, selects AES-256/SHA1/MODP_1024; its IKE_AUTH response with
# the RSA-4096 chain goes out in IKEv2 fragments (SKF), both sides having fragmentation = yes;
# the updown script of the seed publishes proxy ARP/NDP entries. The client pings the
# gateway's inside addresses over IPv4 and IPv6 through the tunnel, then deletes the IKE_SA.
GATEWAY=production-windows
CLIENT=production-windows
CLIENT_NODE=cl

recipe() {
  initiate lab
  ping_through 2 192.0.2.200
  ping_through 2 2001:db8:8000::53:1
  terminate lab
}
