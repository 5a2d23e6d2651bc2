package io.github.ratelimiter.autoconfigure;

import io.github.ratelimiter.core.RateLimiterConfigurationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an invalid rate limiter configuration with what is wrong and what to change.
 */
class RateLimiterConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<RateLimiterConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RateLimiterConfigurationException cause) {
		return new FailureAnalysis("Invalid rate limiter configuration: " + cause.getMessage(), cause.getAction(),
				cause);
	}

}
