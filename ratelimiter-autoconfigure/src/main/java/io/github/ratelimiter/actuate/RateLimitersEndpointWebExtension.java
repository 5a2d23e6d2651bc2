package io.github.ratelimiter.actuate;

import io.github.ratelimiter.actuate.RateLimitersEndpoint.ClientUsageDescriptor;
import io.github.ratelimiter.core.RateLimitStoreException;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * {@link EndpointWebExtension @EndpointWebExtension} of the {@link RateLimitersEndpoint} that responds to a
 * usage read with 404 Not Found for an unknown policy, and with 503 Service Unavailable and the error
 * message when the store fails.
 */
@EndpointWebExtension(endpoint = RateLimitersEndpoint.class)
public class RateLimitersEndpointWebExtension {

	private final RateLimitersEndpoint delegate;

	public RateLimitersEndpointWebExtension(RateLimitersEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * Reads the usage of one client under one policy, without recording a request.
	 * @param policy name of the policy
	 * @param clientId client id as the client sends it in the client id header
	 * @return the usage; 404 when no policy has that name; 503 with a {@link StoreFailureDescriptor}
	 * when the store fails
	 */
	@ReadOperation
	public WebEndpointResponse<OperationResponseBody> usage(@Selector String policy, @Selector String clientId) {
		ClientUsageDescriptor usage;
		try {
			usage = this.delegate.usage(policy, clientId);
		}
		catch (RateLimitStoreException ex) {
			return new WebEndpointResponse<>(new StoreFailureDescriptor(policy, ex.getMessage()),
					WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
		}
		if (usage == null) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		return new WebEndpointResponse<>(usage, WebEndpointResponse.STATUS_OK);
	}

	/**
	 * Reason why the store could not report a client's usage.
	 *
	 * @param policy name of the policy whose usage was requested
	 * @param error message of the store failure
	 */
	public record StoreFailureDescriptor(String policy, String error) implements OperationResponseBody {
	}

}
