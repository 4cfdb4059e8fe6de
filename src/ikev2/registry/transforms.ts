/** One entry point for naming a transform of any type, as reports print proposals. */
import { encrName } from './encr.js';
import { gcAuthName, keyWrapName } from './group-transforms.js';
import { integName } from './integ.js';
import { dhGroupName } from './ke-methods.js';
import { prfName } from './prf.js';
import { sequenceNumbersName } from './sequence-numbers.js';
import { TransformType, transformTypeName } from './transform-types.js';

/**
 * IANA name of transform `id` of type `type`. For ENCR a key length (the Key Length attribute,
 * RFC 7296 §3.3.5) is appended, as DESIGN.md names them: "ENCR_AES_CBC_128".
 */
export function transformName(type: number, id: number, keyLength?: number): string {
  switch (type) {
    case TransformType.ENCR: {
      const name = encrName(id);
      return keyLength === undefined ? name : `${name}_${keyLength}`;
    }
    case TransformType.PRF:
      return prfName(id);
    case TransformType.INTEG:
      return integName(id);
    case TransformType.KE:
    case TransformType.ADDKE1:
    case TransformType.ADDKE2:
    case TransformType.ADDKE3:
    case TransformType.ADDKE4:
    case TransformType.ADDKE5:
    case TransformType.ADDKE6:
    case TransformType.ADDKE7:
      return dhGroupName(id);
    case TransformType.SN:
      return sequenceNumbersName(id);
    case TransformType.KWA:
      return keyWrapName(id);
    case TransformType.GCAUTH:
      return gcAuthName(id);
    default:
      return `${transformTypeName(type)}:${id}`;
  }
}
