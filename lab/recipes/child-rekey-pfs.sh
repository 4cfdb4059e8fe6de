# child-rekey-pfs: child-rekey with PFS. Client child-rekey-pfs (AES-CBC-128 / HMAC-SHA2-256-128,
# esp_proposals aes128-sha256-modp2048), gateway all-algorithms (its esp_proposals accept no
# KE or a KE). The CHILD_SA made in IKE_AUTH has no DH group (RFC 7296 1.2); the client's rekey
# (swanctl --rekey --child lab) is CREATE_CHILD_SA [ N(REKEY_SA) SA No KE TSi TSr ] with a
# MODP_2048 KE both ways, so the new ESP keys come from a fresh DH secret; the gateway's rekey
# (--rekey --child rw-eap) then reuses the group that CHILD_SA negotiated and sends a KE too,
# with its whole esp_proposals list. Each rekey is followed by the rekey initiator's
# INFORMATIONAL [ D ] for the old CHILD_SA. Two pings before, between and after the rekeys,
# so the three CHILD_SA generations each carry ESP both ways; then the client deletes the
# IKE_SA.
# The same steps as child-rekey (recipe()); only the fixtures differ.
# shellcheck source=child-rekey.sh
source "$(dirname "${BASH_SOURCE[0]}")/child-rekey.sh"
GATEWAY=all-algorithms
CLIENT=child-rekey-pfs
