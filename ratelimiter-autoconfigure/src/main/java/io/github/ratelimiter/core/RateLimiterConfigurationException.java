package io.github.ratelimiter.core;

/**
 * Thrown at startup when the rate limiter's configuration is invalid. The message names what is wrong,
 * and the {@linkplain #getAction() action} names what to change.
 */
public class RateLimiterConfigurationException extends RuntimeException {

	private final String action;

	public RateLimiterConfigurationException(String message, String action) {
		super(message);
		this.action = action;
	}

	/** Returns what the user should change to fix the configuration. */
	public String getAction() {
		return this.action;
	}

	/**
	 * Returns an exception for a property whose value breaks a rule.
	 * @param property full property path, such as {@code ratelimiter.policies.hello.limit}
	 * @param value the bound value, or {@code null} when it is missing
	 * @param rule what the value must be, such as "must be at least 1"
	 * @return the exception
	 */
	public static RateLimiterConfigurationException invalidProperty(String property, Object value, String rule) {
		String problem = (value != null) ? property + " is " + value : property + " is missing";
		return new RateLimiterConfigurationException(problem + "; it " + rule + ".",
				"Change " + property + " in your application configuration: it " + rule + ".");
	}

}
