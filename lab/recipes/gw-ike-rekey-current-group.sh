# gw-ike-rekey-current-group: gw-ike-rekey-modp2048-first with strongSwan 5.9.8's default
# charon.prefer_previous_dh_group = yes, the counterpart where rule windows/rekey-dh-group
# must not fire. Client modp1024 (MODP_1024 only), gateway eap-mschapv2 (modp2048 listed
# before modp1024). The gateway's rekey CREATE_CHILD_SA [ SA No KE ] carries a MODP_1024 KE,
# the group of the IKE_SA it rekeys, and MODP_1024 is moved to the front of its first
# proposal (the default proposal, which has no MODP_1024, stays behind it unchanged); the
# client accepts at once, no INVALID_KE_PAYLOAD. The gateway deletes the old IKE_SA; two pings
# before and after; the client deletes the new IKE_SA.
# The same steps as gw-ike-rekey-modp2048-first (recipe()); only the
# setting differs.
# shellcheck source=gw-ike-rekey-modp2048-first.sh
source "$(dirname "${BASH_SOURCE[0]}")/gw-ike-rekey-modp2048-first.sh"
GATEWAY_SET=()
