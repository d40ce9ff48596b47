import type { Command } from 'commander';
import * as z from 'zod';
import { INFUSATE_NAMES, MS_PER_DAY } from '../../model/index.ts';
import { DEFAULT_PROFILE_NAME, listProfiles } from '../../profiles/load.ts';
import { pumpFlags, pumpReminder, showInZone, predictFlow, PREDICTION_WEIGHTS } from '../../schedule/index.ts';
import { addPump, drainsOf, fillsOf, listPumps, loadSnapshots, profileOf, recentMeasurements, requirePump } from '../../store/index.ts';
import { print, numberFlag, parseOptions, printJson } from '../shared.ts';
import { addCommonOptions, CommonOptionsSchema, databaseLine, fixed, timeOf, withStore, zoneOf } from './store-common.ts';
import { flagJson, reminderJson } from '../../schedule/json.ts';
import { drainJson, fillJson, pumpJson } from '../../store/json.ts';

const AddSchema = CommonOptionsSchema.extend({
  profile: z.string().min(1).default(DEFAULT_PROFILE_NAME),
  serial: z.string().min(1).max(64).optional(),
  implanted: z.string().min(1).optional(),
  label: z.string().min(1).max(200).optional(),
});

const ShowSchema = CommonOptionsSchema.extend({
  limit: numberFlag.pipe(z.number().int().min(1).max(10_000)).default(10),
  at: z.string().min(1).optional(),
  hour: numberFlag.pipe(z.number().int().min(0).max(23)).default(9),
});

const ListSchema = CommonOptionsSchema.extend({ at: z.string().min(1).optional() });

const WITHIN_FOR_STATUS_MS = 3 * MS_PER_DAY;

function add(id: string, raw: unknown): void {
  const o = parseOptions(AddSchema, raw);
  const zone = zoneOf(o.tz);
  const nowMs = Date.now();
  const implantedAtMs = o.implanted === undefined ? undefined : timeOf(o.implanted, zone, nowMs, '--implanted');
  const pump = withStore(o.db, 'create', (db) =>
    addPump(db, { id, profile: o.profile, serial: o.serial, implantedAtMs, label: o.label }, nowMs),
  );
  if (o.json) {
    printJson({ pump: pumpJson(pump, zone) });
    return;
  }
  const profile = profileOf(pump);
  print(
    `added pump ${pump.id}: ${profile.displayName}${pump.label === null ? '' : `, label "${pump.label}"`}${pump.serial === null ? '' : `, serial ${pump.serial}`}\n${databaseLine(o.db)}\n`,
  );
}

function list(raw: unknown): void {
  const o = parseOptions(ListSchema, raw);
  const zone = zoneOf(o.tz);
  const atMs = timeOf(o.at, zone, Date.now());
  const rows = withStore(o.db, 'read', (db) => {
    const pumps = new Map(listPumps(db).map((p) => [p.id, p]));
    return loadSnapshots(db).map((snapshot) => ({
      pump: pumps.get(snapshot.pumpId),
      snapshot,
      item: pumpReminder(snapshot, { atMs, withinMs: WITHIN_FOR_STATUS_MS }),
      flags: pumpFlags(snapshot),
    }));
  });
  if (o.json) {
    printJson({
      pumps: rows.map(({ pump, item, flags }) => ({
        ...(pump === undefined ? {} : pumpJson(pump, zone)),
        next: item === null ? null : reminderJson(item, zone, 9),
        flags: flags.map((f) => flagJson(f, zone)),
      })),
    });
    return;
  }
  if (rows.length === 0) {
    print(`no pumps yet (haipump pump add ID)\n${databaseLine(o.db)}\n`);
    return;
  }
  const lines = [databaseLine(o.db), 'ID           PROFILE            LABEL            NEXT                          STATUS    FLAGS'];
  for (const { snapshot, item, flags } of rows) {
    const next = item === null ? 'no fill recorded' : `${item.kind} ${showInZone(item.dueAtMs, zone)}`;
    lines.push(
      `${snapshot.pumpId.padEnd(12)} ${snapshot.profile.name.padEnd(18)} ${(snapshot.label ?? '').slice(0, 16).padEnd(16)} ${next.padEnd(29)} ${(item?.status ?? '-').padEnd(9)} ${flags.map((f) => `${f.kind}:${f.level}`).join(',') || '-'}`,
    );
  }
  print(`${lines.join('\n')}\n`);
}

function show(id: string, raw: unknown): void {
  const o = parseOptions(ShowSchema, raw);
  const zone = zoneOf(o.tz);
  const atMs = timeOf(o.at, zone, Date.now());
  const data = withStore(o.db, 'read', (db) => {
    const pump = requirePump(db, id);
    const profile = profileOf(pump);
    const snapshot = loadSnapshots(db, { pumpId: id })[0];
    const measurements = recentMeasurements(db, id, PREDICTION_WEIGHTS.length);
    return {
      pump,
      profile,
      item: snapshot === undefined ? null : pumpReminder(snapshot, { atMs, withinMs: WITHIN_FOR_STATUS_MS }),
      flags: snapshot === undefined ? [] : pumpFlags(snapshot),
      predictions: INFUSATE_NAMES.filter((name) => profile.infusates[name] !== undefined).map((infusate) => ({
        infusate,
        ...predictFlow(profile, measurements, infusate),
      })),
      fills: fillsOf(db, id, o.limit),
      drains: drainsOf(db, id, o.limit),
    };
  });
  const { pump, profile, item, flags, predictions, fills, drains } = data;
  if (o.json) {
    printJson({
      pump: pumpJson(pump, zone),
      profile: {
        name: profile.name,
        reservoirMl: profile.reservoirMl,
        nominalRateMlPerDay: profile.nominalRateMlPerDay,
        lowReservoirMl: profile.lowReservoirMl,
        refillMarginDays: profile.refillMarginDays,
        residualAfterDrainMl: profile.residualAfterDrainMl,
        flowDeviation: profile.flowDeviation,
      },
      predictedFlows: predictions.map((p) => ({
        infusate: p.infusate,
        flowMlPerDay: p.flowMlPerDay,
        calibrationFlowMlPerDay: p.calibrationFlowMlPerDay,
        basis: p.basis,
        measurements: p.measurements,
      })),
      next: item === null ? null : reminderJson(item, zone, o.hour),
      flags: flags.map((f) => flagJson(f, zone)),
      fills: fills.map((f) => fillJson(f, zone)),
      drains: drains.map((d) => drainJson(d, zone)),
    });
    return;
  }
  const out: string[] = [databaseLine(o.db)];
  out.push(`pump ${pump.id}${pump.label === null ? '' : ` "${pump.label}"`}: ${profile.displayName}`);
  if (pump.serial !== null) out.push(`  serial ${pump.serial}`);
  if (pump.implanted_at_ms !== null) out.push(`  implanted ${showInZone(pump.implanted_at_ms, zone)}`);
  out.push(
    `  reservoir ${profile.reservoirMl} mL, reserve ${profile.lowReservoirMl} mL, margin ${profile.refillMarginDays} days, residual after drain ${profile.residualAfterDrainMl} mL`,
  );
  out.push(
    `  predicted flow: ${predictions.map((p) => `${p.infusate} ${fixed(p.flowMlPerDay)}`).join(', ')} mL/day (${predictions[0]?.basis === 'measured' ? `from the last ${predictions[0].measurements} measured` : 'nominal: no measured flow yet'})`,
  );
  out.push(
    item === null ? '  next: no fill recorded' : `  next: ${item.kind} ${item.status} ${showInZone(item.dueAtMs, zone)}: ${item.message}`,
  );
  for (const flag of flags) out.push(`  ${flag.level.toUpperCase()} (${flag.kind}): ${flag.message}`);
  out.push('', `  fills (newest ${o.limit}):`);
  for (const f of fills) {
    const recipe = f.fudr_mg === null ? '' : `, FUDR ${fixed(f.fudr_mg, 1)} mg at ${f.dose_mg_per_kg_day} mg/kg/day × ${f.weight_kg} kg`;
    out.push(
      `    #${f.id} ${showInZone(f.at_ms, zone)}  ${fixed(f.volume_ml, 1)} mL ${f.infusate} (content ${fixed(f.content_ml, 1)} mL, predicted ${fixed(f.predicted_flow_ml_per_day)} mL/day ${f.prediction_basis}${recipe})`,
    );
  }
  out.push(`  drains (newest ${o.limit}):`);
  for (const d of drains) {
    out.push(
      `    #${d.id} ${showInZone(d.at_ms, zone)}  returned ${fixed(d.returned_ml, 2)} mL of fill #${d.fill_id}: measured ${fixed(d.measured_flow_ml_per_day)} vs predicted ${fixed(d.predicted_flow_ml_per_day)} mL/day (${d.deviation_fraction >= 0 ? '+' : ''}${fixed(100 * d.deviation_fraction, 1)} %, ${d.level}${d.reached_taper === 1 ? ', reached taper' : ''})`,
    );
  }
  print(`${out.join('\n')}\n`);
}

export function configure(command: Command): void {
  const pump = command;
  addCommonOptions(
    pump
      .command('add <id>')
      .description(
        'add a pump (no patient-identifying data needed: an id, a profile, optional serial, implant date and label); creates the database if it is missing',
      )
      .option('--profile <name>', `pump profile from hardware/profiles (${listProfiles().join(', ')})`, DEFAULT_PROFILE_NAME)
      .option('--serial <s>', 'serial number')
      .option('--implanted <date>', 'implant date/time (ISO 8601, local to --tz)')
      .option('--label <text>', 'a label (bench rig, study arm)'),
  ).action((id: string, raw: unknown) => add(id, raw));
  addCommonOptions(
    pump
      .command('list')
      .description('all pumps with their next reminder and drift flags')
      .option('--at <time>', 'status as of this time (default now)'),
  ).action((raw: unknown) => list(raw));
  addCommonOptions(
    pump
      .command('show <id>')
      .description('one pump: profile, predicted flows, next reminder, flags, recent fills and drains')
      .option('--limit <n>', 'how many fills and drains to list', '10')
      .option('--at <time>', 'status as of this time (default now)')
      .option('--hour <h>', 'local hour for the reminder time (0–23)', '9'),
  ).action((id: string, raw: unknown) => show(id, raw));
}
