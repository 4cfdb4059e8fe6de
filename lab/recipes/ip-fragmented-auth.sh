# ip-fragmented-auth: the gateway's first IKE_AUTH response is too big for one IP packet and
# IKEv2 fragmentation is off on both sides, so it crosses the wire as IP fragments (the
# Windows "error 809" situation of shared/WINDOWS-INTEROP.md, rule windows/ip-fragmented-auth).
# Gateway rsa4096-chain-nofrag: RSA-4096 end-entity + RSA-4096 intermediate, send_cert =
# always, fragmentation = no; client rsa4096-chain-nofrag: fragmentation = no. Outside MTU 1500.
# Then EAP-MSCHAPv2, one ping through the tunnel and the delete, as in eap-mschapv2-ping.
GATEWAY=rsa4096-chain-nofrag
CLIENT=rsa4096-chain-nofrag
CLIENT_NODE=cl
MTU=1500

recipe() {
  initiate lab
  ping_through 1 192.0.2.200
  terminate lab
}
