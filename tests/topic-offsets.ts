/** How many messages a topic has ever received: the sum of its partitions' end offsets. */
import { kafkaClient } from './support.js';

export async function messagesOn(topic: string): Promise<number> {
  const admin = kafkaClient('it-offsets').admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, p) => n + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}
