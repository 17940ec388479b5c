import { Service, type Ros } from 'roslib';

// How long to wait for rosapi's answer before saying it could not be asked.
const ROSAPI_TIMEOUT_MS = 1000;

/**
 * Why no message arrives on `topic`, asked of the graph: rosbridge 0.11 sends no status reply
 * for a failed subscribe, so the driver asks rosapi (where it runs) whether the topic exists and
 * with which type. Resolves to one clause for an error message; never rejects.
 */
export function diagnoseTopic(ros: Ros, topic: string, expectedType: string): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('rosapi did not answer, so the topic could not be checked'), ROSAPI_TIMEOUT_MS);
    const done = (why: string) => {
      clearTimeout(timer);
      resolve(why);
    };
    ros.getTopics(
      ({ topics, types }) => {
        const at = topics.indexOf(topic);
        if (at < 0) done(`the graph has no topic ${topic}${topics.length ? ` (it has ${topics.slice(0, 8).join(', ')}${topics.length > 8 ? ', ...' : ''})` : ''}`);
        else if (canonical(types[at] ?? '') !== canonical(expectedType)) done(`${topic} carries ${types[at]}, not ${expectedType}`);
        else publishers(ros, topic).then((p) => done(p === null ? `${topic} has type ${expectedType} but nothing arrived on it` : p.length === 0 ? `nothing publishes ${topic} (only subscribers)` : `${p.join(', ')} publish ${topic}, but nothing arrived`));
      },
      (error) => done(`rosapi could not be asked (${error})`),
    );
  });
}

// Publishers of a topic by /rosapi/publishers; null when that cannot be asked.
function publishers(ros: Ros, topic: string): Promise<string[] | null> {
  return new Promise((resolve) => {
    const s = new Service({ ros, name: '/rosapi/publishers', serviceType: 'rosapi/Publishers' });
    s.callService({ topic }, (r) => {
      const p = (r as { publishers?: unknown } | null)?.publishers;
      resolve(Array.isArray(p) ? p.map(String) : null);
    }, () => resolve(null));
  });
}

// ROS 2 spells types pkg/msg/Name, ROS 1 pkg/Name.
function canonical(type: string): string {
  return type.replace('/msg/', '/');
}
