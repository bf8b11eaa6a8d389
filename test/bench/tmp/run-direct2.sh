DISK=1 node --import tsx test/bench/tmp/direct2.ts
