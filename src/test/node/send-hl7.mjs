// Sends HL7 v2 messages to an MLLP listener with an independent client (@medplum/hl7), so
// PathGuard's tests check the listener against someone else's framing and parsing, not our own.
//
// usage: node send-hl7.mjs HOST PORT FILE
//   FILE is a JSON array of HL7 v2 messages, segments separated by \r.
//   Prints one JSON line per message: {controlId, ackCode, ackControlId, text, raw}.
//   Exit 0 if every message got an ACK (whatever its code); 1 on a connection failure or a
//   missing ACK (10 s per message); 2 on bad arguments or input.
import { readFileSync } from 'node:fs';
import { Hl7Message } from '@medplum/core';
import { Hl7Client } from '@medplum/hl7';

const TIMEOUT_MS = 10_000;

function fail(why, code = 1) {
  process.stderr.write(`send-hl7: ${why}\n`);
  process.exit(code);
}

// Field i of the first segment called `name`. The library's fields keep HL7 escapes (\F\, \S\, ...)
// as sent; undo the standard ones so values read as the sender meant them.
function field(message, name, i) {
  const ctx = message.context;
  const e = ctx.escapeCharacter;
  const map = { F: ctx.fieldSeparator, S: ctx.componentSeparator, T: ctx.subcomponentSeparator,
    R: ctx.repetitionSeparator, E: e };
  const raw = message.getSegment(name)?.getField(i)?.toString() ?? '';
  return raw.replace(new RegExp(`\\${e}([FSTRE])\\${e}`, 'g'), (_, c) => map[c]);
}

const [host, port, file] = process.argv.slice(2);
if (!file || !/^\d+$/.test(port)) fail('usage: node send-hl7.mjs HOST PORT FILE', 2);
// Parse everything first with the library's parser, so bad input is reported before any traffic.
// The parser takes only text that starts with "MSH"; sendAndWait needs MSH-10 to match the ACK.
let messages;
try {
  const texts = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(texts) || !texts.every((t) => typeof t === 'string')) throw new Error('not a JSON array of strings');
  messages = texts.map((text, i) => {
    if (!text.startsWith('MSH')) throw new Error(`message ${i + 1} does not start with MSH`);
    const message = Hl7Message.parse(text);
    const controlId = field(message, 'MSH', 10);
    if (!controlId) throw new Error(`message ${i + 1} has no MSH-10`);
    return { message, controlId };
  });
} catch (err) {
  fail(`cannot use ${file}: ${err.message}`, 2);
}

// One client is one TCP connection, reused for every message as a real sending system would.
// The listener uses UTF-8 on the wire, and so does the client (its default, said here on purpose).
const client = new Hl7Client({ host, port: Number(port), encoding: 'utf-8', connectTimeout: TIMEOUT_MS });
let waitingFor = null; // control id of the message whose ACK is due

// sendAndWait only settles on an ACK or its own timeout, so a dropped connection, an ACK that
// does not parse, or one that names another control id would each cost the full 10 s: fail at once.
client.addEventListener('error', (event) => {
  if (waitingFor !== null) fail(`while waiting for the ACK to ${waitingFor}: ${event.error.message}`);
});
client.addEventListener('close', () => {
  if (waitingFor !== null) fail(`connection closed by ${host}:${port} before the ACK to ${waitingFor}`);
});

let connection;
try {
  connection = await client.connect();
} catch (err) {
  fail(`cannot connect to ${host}:${port}: ${err.message}`);
}
// The library silently drops an answer without MSA-2 (it cannot match it); say so instead of timing out.
connection.addEventListener('message', ({ message }) => {
  if (waitingFor !== null && !field(message, 'MSA', 2)) {
    fail(`the answer to ${waitingFor} has no MSA-2: ${JSON.stringify(message.toString())}`);
  }
});

for (const { message, controlId } of messages) {
  waitingFor = controlId;
  let ack;
  try {
    // The library matches the ACK to the message by MSA-2 = MSH-10.
    ack = await client.sendAndWait(message, { timeoutMs: TIMEOUT_MS });
  } catch (err) {
    fail(`no ACK to ${controlId} from ${host}:${port}: ${err.message}`);
  }
  waitingFor = null;
  process.stdout.write(JSON.stringify({
    controlId,
    ackCode: field(ack, 'MSA', 1),
    ackControlId: field(ack, 'MSA', 2),
    text: field(ack, 'MSA', 3) || field(ack, 'ERR', 8) || null,
    raw: ack.toString(),
  }) + '\n');
}

await client.close();
// sendAndWait leaves its timeout timer running after the ACK came; don't sit out the 10 s.
process.exit(0);
