package io.github.ratelimiter.web;

import io.github.ratelimiter.core.ClientId;
import io.github.ratelimiter.core.RateLimitDecision;
import io.github.ratelimiter.core.RateLimiter;
import io.github.ratelimiter.web.RateLimitedHandlers.LimitedHandler;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Decides each request to a {@link RateLimited} handler before the handler runs.
 *
 * <p>
 * An admitted request gets the {@code RateLimit-Policy} and {@code RateLimit} headers and proceeds. A
 * denied one ends with a {@link RateLimitExceededException} (429), a request whose store failed under a
 * {@code closed} failure mode with a {@link RateLimitUnavailableException} (503). A request admitted
 * because the store failed under an {@code open} failure mode gets no rate limit headers, since no
 * numbers are known. Only the first dispatch of a request is counted, so asynchronous handlers are
 * counted once.
 */
public class RateLimitInterceptor implements HandlerInterceptor {

	private final RateLimiter rateLimiter;

	private final RateLimitedHandlers handlers;

	private final ClientIdResolver clientIdResolver;

	public RateLimitInterceptor(RateLimiter rateLimiter, RateLimitedHandlers handlers,
			ClientIdResolver clientIdResolver) {
		this.rateLimiter = rateLimiter;
		this.handlers = handlers;
		this.clientIdResolver = clientIdResolver;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (request.getDispatcherType() != DispatcherType.REQUEST || !(handler instanceof HandlerMethod method)) {
			return true;
		}
		LimitedHandler limited = this.handlers.find(method);
		if (limited == null) {
			return true;
		}

		ClientId client = this.clientIdResolver.resolve(request);
		RateLimitDecision decision = this.rateLimiter.tryAcquire(limited.policy(), client, limited.cost());

		return switch (decision.outcome()) {
			case ALLOWED, LOCAL_ALLOWED -> {
				RateLimitHeaders.addTo(decision, response::setHeader);
				yield true;
			}
			case FAILED_OPEN -> true;
			case DENIED, LOCAL_DENIED -> throw new RateLimitExceededException(decision);
			case FAILED_CLOSED -> throw new RateLimitUnavailableException(decision);
		};
	}

}
