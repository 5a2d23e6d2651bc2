package io.github.ratelimiter.actuate;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.github.ratelimiter.core.ClientId;
import io.github.ratelimiter.core.RateLimit;
import io.github.ratelimiter.core.RateLimitDecision;
import io.github.ratelimiter.core.RateLimitPolicy;
import io.github.ratelimiter.core.RateLimitStoreException;
import io.github.ratelimiter.core.RateLimiter;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@link Endpoint @Endpoint} that describes the rate limiter's store and policies and reads the usage of
 * one client. Nothing it does admits a request or writes to the store.
 */
@Endpoint(id = "ratelimiters")
public class RateLimitersEndpoint {

	/** Name of the algorithm that every policy uses. */
	public static final String ALGORITHM = "sliding-window-log";

	private final RateLimiter rateLimiter;

	private final Show showClients;

	private final Set<String> roles;

	/**
	 * Creates the endpoint.
	 * @param rateLimiter rate limiter to describe
	 * @param showClients when the client ids of per-client overrides are listed
	 * @param roles roles that may see the client ids when {@code showClients} is
	 * {@link Show#WHEN_AUTHORIZED}; empty for any authenticated user
	 */
	public RateLimitersEndpoint(RateLimiter rateLimiter, Show showClients, Collection<String> roles) {
		this.rateLimiter = rateLimiter;
		this.showClients = showClients;
		this.roles = Set.copyOf(roles);
	}

	/**
	 * Describes the store and every policy, sorted by name.
	 * @param securityContext caller of the operation, which decides whether client ids are shown
	 * @return the description
	 */
	@ReadOperation
	public RateLimitersDescriptor rateLimiters(SecurityContext securityContext) {
		boolean showClientIds = this.showClients.isShown(securityContext, this.roles);
		Map<String, PolicyDescriptor> policies = new TreeMap<>();
		this.rateLimiter.getPolicies()
			.forEach((name, policy) -> policies.put(name, describe(policy, showClientIds)));
		return new RateLimitersDescriptor(this.rateLimiter.getStore().name(), policies);
	}

	/**
	 * Reads the usage of one client under one policy, without recording a request.
	 * @param policy name of the policy
	 * @param clientId client id as the client sends it in the client id header
	 * @return the usage, or {@code null} when no policy has that name
	 * @throws RateLimitStoreException when the store fails or times out
	 */
	@ReadOperation
	public ClientUsageDescriptor usage(@Selector String policy, @Selector String clientId) {
		if (this.rateLimiter.findPolicy(policy) == null) {
			return null;
		}
		RateLimitDecision usage = this.rateLimiter.peek(policy, ClientId.of(clientId));
		return new ClientUsageDescriptor(policy, clientId, usage.limit(), windowText(usage.windowMillis()),
				usage.limit() - usage.remaining(), usage.remaining(), usage.waitSeconds());
	}

	private static PolicyDescriptor describe(RateLimitPolicy policy, boolean showClientIds) {
		Map<String, LimitDescriptor> clients = null;
		if (showClientIds) {
			Map<String, LimitDescriptor> sorted = new TreeMap<>();
			policy.clientLimits().forEach((client, limit) -> sorted.put(client, LimitDescriptor.of(limit)));
			clients = Collections.unmodifiableMap(sorted);
		}
		return new PolicyDescriptor(policy.limit().limit(), windowText(policy.limit().windowMillis()), ALGORITHM,
				policy.failureMode().name().toLowerCase(Locale.ROOT), policy.clientLimits().size(), clients);
	}

	private static String windowText(long windowMillis) {
		return Duration.ofMillis(windowMillis).toString();
	}

	/**
	 * Description of the rate limiter.
	 *
	 * @param store name of the store that keeps the sliding-window logs, such as {@code redis}
	 * @param policies policies by name
	 */
	public record RateLimitersDescriptor(String store, Map<String, PolicyDescriptor> policies)
			implements OperationResponseBody {

		public RateLimitersDescriptor {
			policies = Collections.unmodifiableMap(new TreeMap<>(policies));
		}

	}

	/**
	 * Description of one policy.
	 *
	 * @param limit units admitted per window for clients without an override
	 * @param window length of the sliding window, in ISO-8601 form such as {@code PT10S}
	 * @param algorithm name of the algorithm, {@value RateLimitersEndpoint#ALGORITHM}
	 * @param failureMode what happens to a request when the store fails: {@code open}, {@code closed} or
	 * {@code local}
	 * @param clientOverrides number of clients with their own limit
	 * @param clients limits of the clients with an override, keyed by the client's canonical form such as
	 * {@code id:partner-a}, or {@code null} when client ids are hidden
	 */
	public record PolicyDescriptor(long limit, String window, String algorithm, String failureMode,
			int clientOverrides, Map<String, LimitDescriptor> clients) {
	}

	/**
	 * Limit of one client.
	 *
	 * @param limit units admitted per window
	 * @param window length of the sliding window, in ISO-8601 form
	 */
	public record LimitDescriptor(long limit, String window) {

		static LimitDescriptor of(RateLimit limit) {
			return new LimitDescriptor(limit.limit(), windowText(limit.windowMillis()));
		}

	}

	/**
	 * Usage of one client under one policy, as the store reports it at the time of the read.
	 *
	 * @param policy name of the policy
	 * @param clientId client id as given in the request path
	 * @param limit units admitted per window for this client, including its override
	 * @param window length of this client's sliding window, in ISO-8601 form
	 * @param used units recorded in the current window, at most {@code limit}
	 * @param remaining units still free in the current window
	 * @param secondsUntilUnitFrees seconds, rounded up, until the oldest recorded unit leaves the window;
	 * 0 when the window is empty
	 */
	public record ClientUsageDescriptor(String policy, String clientId, long limit, String window, long used,
			long remaining, long secondsUntilUnitFrees) implements OperationResponseBody {
	}

}
