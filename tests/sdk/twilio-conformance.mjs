// Drives the built-in Twilio simulator with the official twilio helper and prints what came back, as JSON:
//   node twilio-conformance.mjs <simulatorBase> <accountSid> <authToken>
import twilio from 'twilio';

const [base, accountSid, authToken] = process.argv.slice(2);

// The helper always targets https://api.twilio.com; point its requests at the simulator instead.
class SimulatorRequestClient extends twilio.RequestClient {
  request(opts) {
    return super.request({ ...opts, uri: opts.uri.replace('https://api.twilio.com', base) });
  }
}
const client = twilio(accountSid, authToken, { httpClient: new SimulatorRequestClient() });
const report = {};

const local = await client.availablePhoneNumbers('US').local.list({ areaCode: 305, voiceEnabled: true, limit: 3 });
report.local = local.map((n) => n.phoneNumber);
const tollFree = await client.availablePhoneNumbers('US').tollFree.list({ limit: 2 });
report.tollFree = tollFree.map((n) => n.phoneNumber);
const bought = await client.incomingPhoneNumbers.create({ phoneNumber: local[0].phoneNumber, friendlyName: 'SDK line' });
report.bought = { sid: bought.sid, number: bought.phoneNumber, name: bought.friendlyName, voice: bought.capabilities.voice };
report.listed = (await client.incomingPhoneNumbers.list()).map((n) => n.sid);
report.fetched = (await client.incomingPhoneNumbers(bought.sid).fetch()).phoneNumber;
try { await client.incomingPhoneNumbers.create({ phoneNumber: local[0].phoneNumber }); report.taken = 'no error'; }
catch (e) { report.taken = `${e.status}:${e.code}`; }
await client.incomingPhoneNumbers(bought.sid).remove();
try { await client.incomingPhoneNumbers(bought.sid).fetch(); report.released = 'still there'; }
catch (e) { report.released = `${e.status}:${e.code}`; }
try { await twilio(accountSid, 'wrong', { httpClient: new SimulatorRequestClient() }).incomingPhoneNumbers.list(); report.wrongToken = 'no error'; }
catch (e) { report.wrongToken = `${e.status}:${e.code}`; }

process.stdout.write(JSON.stringify(report));
