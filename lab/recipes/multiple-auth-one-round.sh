# multiple-auth-one-round: what a client without RFC 4739 meets at the multiple-auth gateway
# (rule windows/multiple-auth). Gateway multiple-auth (EAP-MSCHAPv2, then EAP-MD5), client
# eap-mschapv2 (one round, like Windows). IKE_SA_INIT, IKE_AUTH MID 1-4 with EAP-MSCHAPv2 as
# usual; the client's AUTH (MID 5) has no N(ANOTHER_AUTH_FOLLOWS), so the gateway finds its
# second round missing ("selected peer config 'rw-eap' unacceptable: insufficient
# authentication rounds") and answers only N(AUTHENTICATION_FAILED). No IKE_SA, no ESP.
GATEWAY=multiple-auth
CLIENT=eap-mschapv2
CLIENT_NODE=cl

recipe() {
  initiate_refused AUTHENTICATION_FAILED lab
}
