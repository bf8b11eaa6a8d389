"""bench helper: produces length-framed records from a file with confluent-kafka (librdkafka), fast and
byte-exact (binary values such as Avro cannot go through kcat's one-byte delimiters).
Usage: produce_frames.py BOOTSTRAP TOPIC PARTITIONS FILE [by-key]; FILE holds (u32 BE key length, key, u32 BE
value length, value) per record; record i goes to partition i % PARTITIONS, or with by-key to the partition of its
key (murmur2, as Java clients place keys), so each key's records keep their order. Prints the number produced."""
import struct
import sys

from confluent_kafka import Producer

bootstrap, topic, partitions, path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
by_key = sys.argv[5:] == ["by-key"]
producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 20, "batch.num.messages": 10000,
                     "queue.buffering.max.messages": 1000000, "compression.type": "none", "partitioner": "murmur2_random"})
failed = []


def delivered(err, _msg):
    if err is not None:
        failed.append(str(err))


data = open(path, "rb").read()
pos = 0
count = 0
while pos < len(data):
    (klen,) = struct.unpack_from(">I", data, pos)
    key = data[pos + 4:pos + 4 + klen]
    pos += 4 + klen
    (vlen,) = struct.unpack_from(">I", data, pos)
    value = data[pos + 4:pos + 4 + vlen]
    pos += 4 + vlen
    while True:
        try:
            if by_key:
                producer.produce(topic, value=value, key=key, on_delivery=delivered)
            else:
                producer.produce(topic, value=value, key=key, partition=count % partitions, on_delivery=delivered)
            break
        except BufferError:
            producer.poll(0.05)
    count += 1
    if count % 10000 == 0:
        producer.poll(0)
producer.flush()
if failed:
    sys.exit(f"{len(failed)} records failed, first: {failed[0]}")
print(count)
