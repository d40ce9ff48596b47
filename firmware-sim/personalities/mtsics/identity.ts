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

/**
 * MT-SICS level of each implemented command. The levels of the older level-based manuals (level
 * 0: @ I0 I1 I2 I3 I4 S SI SIR Z; 1: D DW K SR T TA TAC TI); ZI and I5 are level 0 and I10,
 * I11 level 2 as public MT-SICS command lists have them [?: not in the manual read, 11781363,
 * which keeps the levels only in I0's syntax].
 */
const LEVEL: Record<CommandName, number> = {
  S: 0,
  SI: 0,
  SIR: 0,
  Z: 0,
  ZI: 0,
  '@': 0,
  I0: 0,
  I1: 0,
  I2: 0,
  I3: 0,
  I4: 0,
  I5: 0,
  T: 1,
  TI: 1,
  TA: 1,
  TAC: 1,
  I10: 2,
  I11: 2,
};

/**
 * The I0 list: "first in level then in alphabetical order" (I0, p. 85), `@` last in level 0 as in
 * the manual's example, and exactly the commands this balance implements (COMMAND_NAMES).
 */
export const I0_ORDER: readonly CommandName[] = [...COMMAND_NAMES].sort((a, b) => {
  const byLevel = LEVEL[a] - LEVEL[b];
  if (byLevel !== 0) return byLevel;
  if (a === '@' || b === '@') return a === '@' ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
});

/** Levels fully implemented (I1's first field lists only those; p. 86): all of level 0. */
const FULL_LEVELS = '0';

/** The reply lines of an identification command (I0 answers with one line per command). */
export function identityReplies(command: 'I0' | 'I1' | 'I2' | 'I3' | 'I5' | 'I10' | 'I11', id: BalanceIdentity): Reply[] {
  switch (command) {
    case 'I0':
      return I0_ORDER.map((name, i) => ({
        kind: 'info',
        command: 'I0',
        more: i < I0_ORDER.length - 1,
        fields: [String(LEVEL[name]), name],
      }));
    case 'I1':
      // Versions of every level with a command here (0, 1, 2 in part), none for level 3 [?: numbers].
      return [{ kind: 'info', command: 'I1', more: false, fields: [FULL_LEVELS, id.softwareVersion, id.softwareVersion, '1.00', ''] }];
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
