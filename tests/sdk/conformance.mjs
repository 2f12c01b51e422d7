// Drives the built-in Retell simulator with the official retell-sdk and prints what came back, as JSON, for the
// .NET conformance test:  node conformance.mjs <baseURL> <apiKey>
if (!globalThis.crypto) globalThis.crypto = (await import('node:crypto')).webcrypto;
const { default: Retell, toFile } = await import('retell-sdk');

const [baseURL, apiKey] = process.argv.slice(2);
const client = new Retell({ apiKey, baseURL, maxRetries: 0 });
const report = {};

const llm = await client.llm.create({ general_prompt: 'You call {{first_name}} about their dental check-up.', begin_message: 'Hi {{first_name}}!', model: 'gpt-4.1' });
report.llm = { id: llm.llm_id, version: llm.version, begin_message: llm.begin_message };
const updated = await client.llm.update(llm.llm_id, { begin_message: 'Hello {{first_name}}!' });
report.llmUpdated = updated.begin_message;
report.llmListed = (await client.llm.list({ limit: 1000 })).items.some((i) => i.llm_id === llm.llm_id);

const voices = await client.voice.list();
report.voices = voices.length;
const agent = await client.agent.create({
  response_engine: { type: 'retell-llm', llm_id: llm.llm_id },
  voice_id: voices[0].voice_id,
  agent_name: 'SDK conformance',
  max_call_duration_ms: 300000,
  webhook_url: 'https://example.invalid/webhooks/retell',
  post_call_analysis_data: [{ type: 'boolean', name: 'converted', description: 'Did the callee book?' }],
});
const fetched = await client.agent.retrieve(agent.agent_id);
report.agent = { id: agent.agent_id, name: fetched.agent_name, llm: fetched.response_engine.llm_id, max: fetched.max_call_duration_ms };
report.agentUpdated = (await client.agent.update(agent.agent_id, { voice_speed: 1.2 })).voice_speed;
report.agentsListed = (await client.agent.list({ limit: 1000 })).items.some((i) => i.agent_id === agent.agent_id);

const number = await client.phoneNumber.create({ area_code: 212 });
report.number = { phone_number: number.phone_number, type: number.phone_number_type, fetched: (await client.phoneNumber.retrieve(number.phone_number)).phone_number };
const concurrency = await client.concurrency.retrieve();
report.concurrency = concurrency.concurrency_limit;

try { await client.llm.retrieve('llm_does_not_exist'); report.unknownId = 'no error'; }
catch (e) { report.unknownId = `${e.constructor.name}:${e.status}`; }
try { await new Retell({ apiKey: 'wrong-key', baseURL, maxRetries: 0 }).voice.list(); report.wrongKey = 'no error'; }
catch (e) { report.wrongKey = `${e.constructor.name}:${e.status}`; }

await client.phoneNumber.update(number.phone_number, { outbound_agents: [{ agent_id: agent.agent_id, weight: 1 }] });
const batch = await client.batchCall.createBatchCall({
  from_number: number.phone_number, name: 'conformance',
  tasks: [{ to_number: '+14155550123', retell_llm_dynamic_variables: { first_name: 'Ana' }, metadata: { lead_id: 'l1' } }],
});
report.batch = { id: batch.batch_call_id, tasks: batch.total_task_count };
const calls = await client.call.list({ filter_criteria: { batch_call_id: { type: 'string', op: 'eq', value: batch.batch_call_id } } });
report.calls = calls.items.length;
const call = await client.call.retrieve(calls.items[0].call_id);
report.call = { type: call.call_type, to: call.to_number, lead: call.metadata.lead_id, direction: call.direction };
const single = await client.call.createPhoneCall({ from_number: number.phone_number, to_number: '+14155550124' });
report.single = single.call_status;
const toNumbers = async (filter_criteria) => (await client.call.list({ filter_criteria, limit: 1000 })).items.map((c) => c.to_number).sort().join(',');
report.filtered = {
  metadata: await toNumbers({ metadata: [{ type: 'string', op: 'eq', key: 'lead_id', value: 'l1' }] }),
  toNumber: await toNumbers({ to_number: { type: 'string', op: 'ew', value: '0124' } }),
  agent: await toNumbers({ agent: [{ agent_id: agent.agent_id, version: [0] }], direction: { type: 'enum', op: 'in', value: ['outbound'] } }),
  webCalls: await toNumbers({ call_type: { type: 'enum', op: 'in', value: ['web_call'] } }),
};
try { await client.call.list({ filter_criteria: { campaign_id: { type: 'string', op: 'eq', value: 'c1' } } }); report.unknownFilter = 'no error'; }
catch (e) { report.unknownFilter = `${e.constructor.name}:${e.status}`; }

const kb = await client.knowledgeBase.create({
  knowledge_base_name: 'SDK FAQ',
  knowledge_base_texts: [{ title: 'Hours', text: 'Mon-Fri 9-5' }],
  knowledge_base_urls: ['https://example.invalid/faq'],
  knowledge_base_files: [await toFile(Buffer.from('Cleaning: $80'), 'prices.txt')],
});
let kbNow = kb;
for (let i = 0; i < 100 && kbNow.status !== 'complete'; i++) {
  await new Promise((r) => setTimeout(r, 100));
  kbNow = await client.knowledgeBase.retrieve(kb.knowledge_base_id);
}
report.kb = { first: kb.status, last: kbNow.status, sources: (kbNow.knowledge_base_sources ?? []).map((s) => s.type).join(',') };

await client.agent.delete(agent.agent_id);
await client.llm.delete(llm.llm_id);
try { await client.agent.retrieve(agent.agent_id); report.deleted = 'still there'; }
catch (e) { report.deleted = `${e.status}`; }

process.stdout.write(JSON.stringify(report));
