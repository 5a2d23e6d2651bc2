package io.github.ratelimiter.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Limits the requests of each client to a handler method, or to every handler method of a controller.
 *
 * <p>
 * An annotation on a method wins over one on its class. Policies are configured under
 * {@code ratelimiter.policies}; a policy that is not configured, or a cost outside 1 to the policy's
 * limit, stops the application at startup.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RateLimited {

	/** Name of the policy; empty for {@code ratelimiter.default-policy}. */
	@AliasFor("policy")
	String value() default "";

	/** Alias for {@link #value()}. */
	@AliasFor("value")
	String policy() default "";

	/** Units of the limit that one request takes. */
	int cost() default 1;

}
