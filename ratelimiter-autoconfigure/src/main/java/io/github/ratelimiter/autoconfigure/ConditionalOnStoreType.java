package io.github.ratelimiter.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.ratelimiter.autoconfigure.RateLimiterProperties.StoreType;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when {@code ratelimiter.store} selects the given store type, or when it is not set and the
 * type is the default.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnStoreTypeCondition.class)
@interface ConditionalOnStoreType {

	/** Store type that the property must select. */
	StoreType value();

}
