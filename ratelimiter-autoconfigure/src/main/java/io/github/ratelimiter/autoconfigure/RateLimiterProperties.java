package io.github.ratelimiter.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.ratelimiter.core.FailureMode;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the rate limiter. Unknown properties under {@code ratelimiter} fail the
 * binding, so that a misspelt setting such as {@code failur-mode} cannot silently keep its default.
 */
@ConfigurationProperties(prefix = "ratelimiter", ignoreUnknownFields = false)
public class RateLimiterProperties {

	/**
	 * Whether rate limiting is enabled.
	 */
	private boolean enabled = true;

	/**
	 * Store that keeps the sliding-window logs. The in-memory store does not share limits between
	 * application instances.
	 */
	private StoreType store = StoreType.REDIS;

	/**
	 * Namespace of every key that the rate limiter writes to the store.
	 */
	private String keyPrefix = "ratelimiter";

	private final ClientIdProperties clientId = new ClientIdProperties();

	/**
	 * Policy of a @RateLimited annotation that names none.
	 */
	private String defaultPolicy = "default";

	/**
	 * Outcome of a request when the store fails or misses the timeout. Requests are admitted by
	 * default, because a rate limiter that rejects every request while Redis is down turns a Redis outage
	 * into an outage of the whole application. Choose "closed" where an unchecked request costs more than
	 * a rejected one, or "local" to keep per-instance limits while Redis is unusable.
	 */
	private FailureMode failureMode = FailureMode.OPEN;

	/**
	 * Deadline of one store decision, independent of the Redis client's command timeout
	 * (spring.data.redis.timeout). A decision past it counts as a store failure and follows the failure
	 * mode.
	 */
	private Duration timeout = Duration.ofMillis(100);

	/**
	 * Policies by name. Write names with characters other than lowercase letters, digits and dashes in
	 * bracket notation, such as "[Orders.v2]".
	 */
	private Map<String, Policy> policies = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public StoreType getStore() {
		return this.store;
	}

	public void setStore(StoreType store) {
		this.store = store;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public ClientIdProperties getClientId() {
		return this.clientId;
	}

	public String getDefaultPolicy() {
		return this.defaultPolicy;
	}

	public void setDefaultPolicy(String defaultPolicy) {
		this.defaultPolicy = defaultPolicy;
	}

	public FailureMode getFailureMode() {
		return this.failureMode;
	}

	public void setFailureMode(FailureMode failureMode) {
		this.failureMode = failureMode;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Map<String, Policy> getPolicies() {
		return this.policies;
	}

	public void setPolicies(Map<String, Policy> policies) {
		this.policies = policies;
	}

	/**
	 * Stores that can keep the sliding-window logs.
	 */
	public enum StoreType {

		/**
		 * Redis, through Spring Boot's spring.data.redis connection: limits are shared by every instance.
		 */
		REDIS,

		/**
		 * Memory of this application instance only.
		 */
		IN_MEMORY

	}

	/**
	 * Action for a request that has no client id header.
	 */
	public enum WhenMissing {

		/**
		 * Reject the request with 400 Bad Request.
		 */
		REJECT,

		/**
		 * Key the request by its remote address, as the server's forwarded-header support resolved it.
		 */
		REMOTE_ADDRESS

	}

	/**
	 * Source of the client id of a request.
	 */
	public static class ClientIdProperties {

		/**
		 * Request header that carries the client id.
		 */
		private String header = "X-Client-Id";

		/**
		 * Action for a request whose client id header is missing or empty.
		 */
		private WhenMissing whenMissing = WhenMissing.REJECT;

		/**
		 * Longest accepted client id, in characters. Longer ids are rejected with 400 Bad Request.
		 */
		private int maxLength = 128;

		public String getHeader() {
			return this.header;
		}

		public void setHeader(String header) {
			this.header = header;
		}

		public WhenMissing getWhenMissing() {
			return this.whenMissing;
		}

		public void setWhenMissing(WhenMissing whenMissing) {
			this.whenMissing = whenMissing;
		}

		public int getMaxLength() {
			return this.maxLength;
		}

		public void setMaxLength(int maxLength) {
			this.maxLength = maxLength;
		}

	}

	/**
	 * Limit of one policy, with per-client overrides.
	 */
	public static class Policy {

		/**
		 * Requests (units of cost) admitted per window for each client.
		 */
		private Long limit;

		/**
		 * Length of the sliding window, at least 1ms.
		 */
		private Duration window;

		/**
		 * Behaviour for a request of this policy when the store fails. Defaults to
		 * ratelimiter.failure-mode.
		 */
		private FailureMode failureMode;

		/**
		 * Deadline of one store decision of this policy. Defaults to ratelimiter.timeout.
		 */
		private Duration timeout;

		/**
		 * Overrides of the limit or window for single clients, keyed by client id. Write ids with
		 * characters other than lowercase letters, digits and dashes in bracket notation, such as
		 * "[Partner.A]"; other spellings fail at startup.
		 */
		private Map<String, ClientLimit> clients = new LinkedHashMap<>();

		public Long getLimit() {
			return this.limit;
		}

		public void setLimit(Long limit) {
			this.limit = limit;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public FailureMode getFailureMode() {
			return this.failureMode;
		}

		public void setFailureMode(FailureMode failureMode) {
			this.failureMode = failureMode;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Map<String, ClientLimit> getClients() {
			return this.clients;
		}

		public void setClients(Map<String, ClientLimit> clients) {
			this.clients = clients;
		}

	}

	/**
	 * Override of a policy's limit for one client.
	 */
	public static class ClientLimit {

		/**
		 * Requests (units of cost) admitted per window for this client. Defaults to the policy's limit.
		 */
		private Long limit;

		/**
		 * Length of the sliding window for this client. Defaults to the policy's window.
		 */
		private Duration window;

		public Long getLimit() {
			return this.limit;
		}

		public void setLimit(Long limit) {
			this.limit = limit;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

	}

}
