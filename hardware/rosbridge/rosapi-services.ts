import { PRIMITIVES, type MessageDef } from './message-catalog.js';
import type { RosMessage } from './message-json.js';
import type { RosGraph } from './ros-graph.js';

/**
 * Register the rosapi services roslib's Ros.getTopics/getServices/getNodes/getTopicType/
 * getServiceType/getMessageDetails and /rosapi/publishers call, answered from the graph.
 */
export function registerRosapi(graph: RosGraph): void {
  const node = '/rosapi_node';
  const spell = (t: string, kind: 'msg' | 'srv' = 'msg') => graph.catalog.spell(t, kind);
  graph.advertiseService('/rosapi/topics', 'rosapi/Topics', () => {
    const topics = graph.allTopics().filter((t) => t.publishers > 0 || t.sinks.size > 0);
    return { topics: topics.map((t) => t.name), types: topics.map((t) => spell(t.type)) };
  }, node);
  graph.advertiseService('/rosapi/services', 'rosapi/Services', () => ({ services: graph.allServices().map((s) => s.name) }), node);
  graph.advertiseService('/rosapi/nodes', 'rosapi/Nodes', () => ({ nodes: [...graph.nodes] }), node);
  graph.advertiseService('/rosapi/topic_type', 'rosapi/TopicType', (req) => {
    const t = graph.topic(String(req['topic']));
    return { type: t ? spell(t.type) : '' };
  }, node);
  // The twin's graph counts publishers without naming them: each reads as the twin's node.
  graph.advertiseService('/rosapi/publishers', 'rosapi/Publishers', (req) => {
    const t = graph.topic(String(req['topic']));
    return { publishers: t && t.publishers > 0 ? ['/armkit_twin'] : [] };
  }, node);
  graph.advertiseService('/rosapi/service_type', 'rosapi/ServiceType', (req) => {
    const s = graph.service(String(req['service']));
    return { type: s ? spell(s.def.type, 'srv') : '' };
  }, node);
  graph.advertiseService('/rosapi/message_details', 'rosapi/MessageDetails', (req) => {
    const def = graph.catalog.message(String(req['type']));
    return { typedefs: def ? typedefs(def, graph.catalog.rosVersion) : [] };
  }, node);
}

/** rosapi's typedef list of a message: itself, then every nested type depth-first, once each. */
export function typedefs(def: MessageDef, rosVersion: 1 | 2): RosMessage[] {
  const out: RosMessage[] = [];
  const seen = new Set<string>();
  const visit = (d: MessageDef | 'time' | 'duration') => {
    const name = typeof d === 'string' ? d : d.type;
    if (seen.has(name)) return;
    seen.add(name);
    if (typeof d === 'string') {
      out.push({ type: d, fieldnames: ['secs', 'nsecs'], fieldtypes: ['int32', 'int32'], fieldarraylen: [-1, -1], examples: ['0', '0'], constnames: [], constvalues: [] });
      return;
    }
    out.push({
      type: rosVersion === 1 ? d.type : d.type.replace('/', '/msg/'),
      fieldnames: d.fields.map((f) => f.name),
      fieldtypes: d.fields.map((f) => f.type),
      fieldarraylen: d.fields.map((f) => f.arrayLength),
      examples: d.fields.map((f) => (f.arrayLength >= 0 ? '[]' : f.message || f.type === 'time' || f.type === 'duration' ? '{}' : f.type === 'string' ? '' : f.type === 'bool' ? 'False' : '0')),
      constnames: [],
      constvalues: [],
    });
    for (const f of d.fields) {
      if (f.message) visit(f.message);
      else if ((f.type === 'time' || f.type === 'duration') && PRIMITIVES.has(f.type)) visit(f.type);
    }
  };
  visit(def);
  return out;
}
