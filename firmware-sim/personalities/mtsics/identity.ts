import type { Reply } from '../../../protocols/mtsics/index.ts';
import { COMMAND_NAMES, type CommandName } from '../../../protocols/mtsics/index.ts';

export interface BalanceIdentity {
  /** e.g. `XS205` */
  model: string;
  serial: string;
  capacityG: number;
  softwareVersion: string;
  softwareId: string;
  balanceId: string;
}

export const DEFAULT_IDENTITY: BalanceIdentity = {
  model: 'XS205',
  serial: 'B000000001',
  capacityG: 220,
  softwareVersion: '2.20',
  softwareId: '11671158C',
  balanceId: 'HAIPUMP-SIM',
};

/** MT-SICS level of each command (level 0 every MT-SICS balance has; 1 and 2 most do). */
const LEVEL: Record<CommandName, number> = {
  S: 0, SI: 0, SIR: 0, Z: 0, '@': 0, I0: 0, I1: 0, I2: 0, I3: 0, I4: 0, I5: 0,
  ZI: 1, T: 1, TI: 1, TA: 1, TAC: 1,
  I10: 2, I11: 2,
};

/** The reply lines of an identification command (I0 answers with one line per command). */
export function identityReplies(command: 'I0' | 'I1' | 'I2' | 'I3' | 'I5' | 'I10' | 'I11', id: BalanceIdentity): Reply[] {
  switch (command) {
    case 'I0':
      return COMMAND_NAMES.map((name, i) => ({
        kind: 'info',
        command: 'I0',
        more: i < COMMAND_NAMES.length - 1,
        fields: [String(LEVEL[name]), name],
      }));
    case 'I1':
      return [{ kind: 'info', command: 'I1', more: false, fields: ['012', id.softwareVersion, id.softwareVersion, '', ''] }];
    case 'I2':
      return [{ kind: 'balanceData', balanceType: id.model, capacity: id.capacityG, unit: 'g', capacityG: id.capacityG }];
    case 'I3':
      return [{ kind: 'info', command: 'I3', more: false, fields: [id.softwareVersion] }];
    case 'I5':
      return [{ kind: 'info', command: 'I5', more: false, fields: [id.softwareId] }];
    case 'I10':
      return [{ kind: 'info', command: 'I10', more: false, fields: [id.balanceId] }];
    case 'I11':
      return [{ kind: 'info', command: 'I11', more: false, fields: [id.model] }];
  }
}
