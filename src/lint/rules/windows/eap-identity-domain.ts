/** windows/eap-identity-domain: EAP identity DOMAIN\user. */
import type { Rule } from '../../rule.js';

export const eapIdentityDomain: Rule = {
  id: 'windows/eap-identity-domain',
  severity: 'warning',
  title: 'EAP identity carries a Windows domain (DOMAIN\\user)',
  explanation: '"Some Windows clients will always send a domain part in the user name field (e.g. Windows Phone\\User). Depending on the backend used to authenticate the users the domain part may have to be stripped away … or be included when defining the credentials" (seed 000).',
  fix: 'Back end: strip the domain (FreeRADIUS: the `mschap` module\'s `with_ntdomain_hack = yes`, or a realm/`ntdomain` rule), or include it in the secrets: swanctl.conf `secrets { eap-x { id = "DOMAIN\\\\user" secret = … } }` (ipsec.secrets `"DOMAIN\\\\user" : EAP "…"`). Windows: enter the user name without domain in the connection\'s credentials.',
  needsDecryption: true,
  check({ ikeSas }) {
    return ikeSas.flatMap((sa) => {
      const id = sa.eap?.identity;
      if (!id || !/^[^\\]+\\[^\\]+/.test(id)) return [];
      const domain = id.slice(0, id.indexOf('\\'));
      return [{ ikeSa: sa.id, frames: sa.eap!.frames.slice(0, 2), detail: `The EAP identity has the domain part "${domain}\\".` }];
    });
  },
};
