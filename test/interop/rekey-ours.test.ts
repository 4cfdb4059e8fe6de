// Rekeys the endpoint initiates (RFC 7296 §1.3.2, §1.3.3, §2.18): a CHILD_SA rekey with PFS
// (a KE in CREATE_CHILD_SA), a CHILD_SA rekey without, and an IKE_SA rekey; the old SAs are
// deleted and pings go through the new CHILD_SA. Oracles: the gateway's charon log, its copy
// of every key, analyze and tshark on the endpoint's capture.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import { analyzeRun, connect, expectAllDecrypted, expectKeysAgree, expectTsharkDecrypted, FIXTURES, gatewayLogText, interopSuite, tsharkRun, type ConnectRun } from '../helpers/endpoint.js';

const PSK = join(FIXTURES, 'psk', 'psk.secret');
const BASE = ['--psk-file', PSK, '--id', 'client.example.net', '--ping', '192.0.2.200', '--count', '2'];

interopSuite('rekeys initiated by the endpoint', () => {
  let lab: Lab;
  let pfs: ConnectRun;
  let plain: ConnectRun;
  beforeAll(async () => {
    lab = await startLab({ gateway: 'psk' });
    pfs = await connect(lab, [...BASE, '--esp-proposal', 'aes128-sha256-modp2048', '--hold', '2.5', '--rekey-child-after', '0.5', '--rekey-ike-after', '1.5']);
    plain = await connect(lab, [...BASE, '--hold', '1', '--rekey-child-after', '0.3']);
  });
  afterAll(async () => { await lab?.stop(); });

  it('CHILD_SA rekey with PFS and IKE_SA rekey: exit 0, pings answered before and after', () => {
    expect(pfs.stderr).toBe('');
    expect(pfs.code).toBe(0);
    expect(pfs.stdout).toMatch(/> CREATE_CHILD_SA request 2 \[ N\(REKEY_SA\) SA Ni KE TSi TSr \]/);
    expect(pfs.stdout).toMatch(/< CREATE_CHILD_SA response 2 \[ SA Nr KE TSi TSr \]/);
    expect(pfs.stdout).toMatch(/> CREATE_CHILD_SA request 4 \[ SA Ni KE \]/);
    expect(pfs.stdout).toMatch(/ping {6}192\.0\.2\.200: 4 of 4 answered/);
    expect(pfs.childSpis).toHaveLength(2);
    // the pings after the rekeys went through the new CHILD_SA
    expect(pfs.stdout).toMatch(new RegExp(`seq 4: reply in [0-9.]+ ms \\(CHILD_SA ${pfs.childSpis[1]!.in}_i\\)`));
  });

  it('the gateway logs the new CHILD_SA with our SPIs and MODP_2048, the rekeyed IKE_SA, and both DELETEs', () => {
    const log = gatewayLogText(lab);
    const [, second] = pfs.childSpis;
    expect(log).toMatch(new RegExp(`CHILD_SA rw-psk\\{2\\} established with SPIs ${second!.out}_i ${second!.in}_o`));
    expect(log).toMatch(/selected proposal: ESP:AES_CBC_128\/HMAC_SHA2_256_128\/MODP_2048\/NO_EXT_SEQ/);
    expect(log).toMatch(new RegExp(`received DELETE for ESP CHILD_SA with SPI ${pfs.childSpis[0]!.in}`));
    expect(log).toMatch(/IKE_SA rw-psk\[2\] rekeyed between 198\.51\.100\.1\[vpn\.example\.net\]\.\.\.198\.51\.100\.2\[client\.example\.net\]/);
    expect(log).toMatch(/received DELETE for IKE_SA rw-psk\[1\]/);
  });

  it('our key log holds the keys the gateway logged, for both IKE_SAs and all four ESP SAs', async () => {
    await expectKeysAgree(lab.gatewayLog, pfs.keylog);
  });

  it('ikescope analyze sees the IKE_SA rekeyed into the next and the CHILD_SA rekeyed, all decrypted', () => {
    const r = analyzeRun(pfs);
    expectAllDecrypted(r);
    expect(r.ikeSas.map((s) => s.state)).toEqual(['rekeyed', 'deleted']);
    expect(r.keys.ikeSasDecrypted).toBe(2);
    const children = r.ikeSas.flatMap((s) => s.childSas);
    expect(children.map((c) => c.spiI).sort()).toEqual(pfs.childSpis.map((c) => c.in).sort());
  });

  it('tshark decrypts the capture with our Wireshark tables', () => {
    expectTsharkDecrypted(tsharkRun(pfs));
  });

  it('CHILD_SA rekey without PFS: no KE, new SPIs in the gateway log', async () => {
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/> CREATE_CHILD_SA request 2 \[ N\(REKEY_SA\) SA Ni TSi TSr \]/);
    expect(gatewayLogText(lab)).toMatch(new RegExp(`established with SPIs ${plain.childSpis[1]!.out}_i ${plain.childSpis[1]!.in}_o`));
    await expectKeysAgree(lab.gatewayLog, plain.keylog);
    expectAllDecrypted(analyzeRun(plain));
  });
});
