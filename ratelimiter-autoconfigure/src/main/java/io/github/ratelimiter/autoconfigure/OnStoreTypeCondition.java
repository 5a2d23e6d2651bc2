package io.github.ratelimiter.autoconfigure;

import java.util.Map;

import io.github.ratelimiter.autoconfigure.RateLimiterProperties.StoreType;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code ratelimiter.store} selects the store type of {@link ConditionalOnStoreType}.
 *
 * <p>
 * The property is bound the way {@link RateLimiterProperties} binds it, so every spelling that binds,
 * such as {@code in-memory}, {@code in_memory} or {@code IN_MEMORY}, selects the same store. A value
 * that does not bind matches no store, and binding the properties then fails with the valid values.
 */
class OnStoreTypeCondition extends SpringBootCondition {

	static final String PROPERTY = "ratelimiter.store";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnStoreType.class.getName());
		StoreType required = (StoreType) attributes.get("value");
		StoreType configured;
		try {
			configured = Binder.get(context.getEnvironment())
				.bind(PROPERTY, StoreType.class)
				.orElse(new RateLimiterProperties().getStore());
		}
		catch (BindException ex) {
			return ConditionOutcome.noMatch(PROPERTY + " is not a valid store type");
		}
		if (configured == required) {
			return ConditionOutcome.match(PROPERTY + " selects " + required);
		}
		return ConditionOutcome.noMatch(PROPERTY + " selects " + configured + ", not " + required);
	}

}
