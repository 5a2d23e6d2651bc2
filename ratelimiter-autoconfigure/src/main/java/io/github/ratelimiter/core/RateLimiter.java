package io.github.ratelimiter.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.ratelimiter.core.RateLimitDecision.Outcome;
import io.github.ratelimiter.core.RateLimitStore.StoreDecision;
import io.github.ratelimiter.core.StoreOutageTracker.StoreCall;

/**
 * Decides whether a client's request may proceed under a named policy.
 *
 * <p>
 * This is the public Java API of the starter, and the path that the web interceptor takes too. It
 * picks the client's limit, builds the key, calls the store and, when the store fails, applies the
 * policy's {@link FailureMode}. A store failure never turns into a denial of the {@code DENIED} kind.
 * While the store fails, only one request at a time calls it to find out whether it has recovered, and the others
 * follow the failure mode at once, as {@link StoreOutageTracker} describes.
 */
public class RateLimiter {

	private final Map<String, RateLimitPolicy> policies;

	private final RateLimitStore store;

	private final RateLimitStore fallbackStore;

	private final RateLimitKeyBuilder keyBuilder;

	private final RateLimitListener listener;

	private final StoreOutageTracker outageTracker;

	/**
	 * Creates a rate limiter.
	 * @param policies the configured policies
	 * @param store the shared store that decides
	 * @param fallbackStore per-instance store for policies whose failure mode is {@link FailureMode#LOCAL},
	 * or {@code null} when no policy uses it
	 * @param keyBuilder builds the store keys
	 * @param listener receives every decision
	 */
	public RateLimiter(Iterable<RateLimitPolicy> policies, RateLimitStore store, RateLimitStore fallbackStore,
			RateLimitKeyBuilder keyBuilder, RateLimitListener listener) {
		this.policies = toMap(policies);
		this.store = store;
		this.fallbackStore = fallbackStore;
		this.keyBuilder = keyBuilder;
		this.listener = listener;
		this.outageTracker = new StoreOutageTracker(store.name());
		for (RateLimitPolicy policy : this.policies.values()) {
			if (policy.failureMode() == FailureMode.LOCAL && fallbackStore == null) {
				throw new IllegalArgumentException(
						"policy '" + policy.name() + "' fails over to a local limiter, but no fallback store is given");
			}
		}
	}

	private static Map<String, RateLimitPolicy> toMap(Iterable<RateLimitPolicy> policies) {
		Map<String, RateLimitPolicy> byName = new LinkedHashMap<>();
		for (RateLimitPolicy policy : policies) {
			if (byName.putIfAbsent(policy.name(), policy) != null) {
				throw new IllegalArgumentException("policy '" + policy.name() + "' is defined twice");
			}
		}
		return Map.copyOf(byName);
	}

	/**
	 * Decides one request of the client under the named policy.
	 * @param policyName name of a configured policy
	 * @param client the client
	 * @param cost units the request takes, at least 1
	 * @return the decision
	 * @throws IllegalArgumentException when the policy does not exist or the cost is below 1
	 */
	public RateLimitDecision tryAcquire(String policyName, ClientId client, int cost) {
		return tryAcquire(getPolicy(policyName), client, cost);
	}

	/**
	 * Decides one request of the client under the policy.
	 * @param policy the policy
	 * @param client the client
	 * @param cost units the request takes, at least 1
	 * @return the decision
	 */
	public RateLimitDecision tryAcquire(RateLimitPolicy policy, ClientId client, int cost) {
		if (cost < 1) {
			throw new IllegalArgumentException("cost is " + cost + "; it must be at least 1");
		}
		RateLimit limit = policy.limitFor(client);
		String key = this.keyBuilder.key(policy.name(), client);

		StoreCall call = this.outageTracker.startCall();
		if (call == StoreCall.SKIPPED) {
			this.outageTracker.recordSkipped();
			return notifyListener(decideWithoutStore(policy, limit, key, cost), 0);
		}
		long start = System.nanoTime();
		try {
			StoreDecision stored = this.store.tryAcquire(key, limit, cost, policy.timeout());
			long storeNanos = System.nanoTime() - start;
			this.outageTracker.recordSuccess();
			Outcome outcome = stored.admitted() ? Outcome.ALLOWED : Outcome.DENIED;
			return notifyListener(toDecision(outcome, policy, limit, stored), storeNanos);
		}
		catch (RateLimitStoreException ex) {
			long storeNanos = System.nanoTime() - start;
			this.outageTracker.recordFailure(ex);
			return notifyListener(decideWithoutStore(policy, limit, key, cost), storeNanos);
		}
		finally {
			this.outageTracker.endCall(call);
		}
	}

	private RateLimitDecision notifyListener(RateLimitDecision decision, long storeNanos) {
		this.listener.onDecision(decision, this.store.name(), storeNanos);
		return decision;
	}

	/**
	 * Reads the client's usage under the named policy without recording anything.
	 * @param policyName name of a configured policy
	 * @param client the client
	 * @return the usage, with {@code admitted} always {@code false}
	 * @throws IllegalArgumentException when the policy does not exist
	 * @throws RateLimitStoreException when the store cannot respond
	 */
	public RateLimitDecision peek(String policyName, ClientId client) {
		RateLimitPolicy policy = getPolicy(policyName);
		RateLimit limit = policy.limitFor(client);
		StoreDecision stored = this.store.peek(this.keyBuilder.key(policy.name(), client), limit);
		return toDecision(Outcome.DENIED, policy, limit, stored);
	}

	/** Returns the policy with the given name, or {@code null} when none is configured. */
	public RateLimitPolicy findPolicy(String name) {
		return this.policies.get(name);
	}

	/** Returns every configured policy by name. */
	public Map<String, RateLimitPolicy> getPolicies() {
		return this.policies;
	}

	/** Returns the shared store. */
	public RateLimitStore getStore() {
		return this.store;
	}

	/** Returns the tracker that follows outages of the shared store. */
	public StoreOutageTracker getOutageTracker() {
		return this.outageTracker;
	}

	private RateLimitPolicy getPolicy(String name) {
		RateLimitPolicy policy = this.policies.get(name);
		if (policy == null) {
			throw new IllegalArgumentException("no rate limit policy named '" + name + "' is configured; known policies: "
					+ this.policies.keySet().stream().sorted().collect(Collectors.joining(", ")));
		}
		return policy;
	}

	private RateLimitDecision decideWithoutStore(RateLimitPolicy policy, RateLimit limit, String key, int cost) {
		return switch (policy.failureMode()) {
			case OPEN -> new RateLimitDecision(Outcome.FAILED_OPEN, policy.name(), -1, -1, -1, limit.windowMillis());
			case CLOSED -> new RateLimitDecision(Outcome.FAILED_CLOSED, policy.name(), -1, -1, -1, limit.windowMillis());
			case LOCAL -> {
				StoreDecision local = this.fallbackStore.tryAcquire(key, limit, cost);
				yield toDecision(local.admitted() ? Outcome.LOCAL_ALLOWED : Outcome.LOCAL_DENIED, policy, limit, local);
			}
		};
	}

	private static RateLimitDecision toDecision(Outcome outcome, RateLimitPolicy policy, RateLimit limit,
			StoreDecision stored) {
		return new RateLimitDecision(outcome, policy.name(), limit.limit(), stored.remaining(), stored.waitMillis(),
				limit.windowMillis());
	}

}
