package dev.spamflow.adapters.redis;

import dev.spamflow.adapters.TestServers;
import dev.spamflow.core.port.OnlineFeatureStore;
import dev.spamflow.core.port.OnlineFeatureStoreContract;

/** The online feature store contract against the Redis that {@code scripts/servers.sh} started. */
class RedisOnlineFeatureStoreIT extends OnlineFeatureStoreContract {
  @Override
  protected OnlineFeatureStore store() {
    TestServers.require(RedisConfig.URL_ENV);
    return new RedisOnlineFeatureStore(RedisConfig.fromEnv(System.getenv()).orElseThrow());
  }
}
