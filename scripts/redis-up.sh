#!/usr/bin/env bash
# Make sure Redis answers on 127.0.0.1:6379 (start it when it does not); print the export line.
set -euo pipefail
if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis-up: redis-server is not installed (apt-get install -y redis-server)" >&2
  exit 1
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "redis-up: starting redis-server on 127.0.0.1:6379" >&2
  mkdir -p /tmp/iceinfo-redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp/iceinfo-redis --logfile /tmp/iceinfo-redis/redis.log >&2
  for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { echo "redis-up: Redis does not answer" >&2; exit 1; }
# Database 15 keeps the test suite's flushes away from anything else on this server.
echo "export REDIS_URL=redis://127.0.0.1:6379/15"
