package io.github.ratelimiter.autoconfigure;

import java.util.HashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the {@code ratelimiters} actuator endpoint.
 */
@ConfigurationProperties("management.endpoint.ratelimiters")
public class RateLimitersEndpointProperties {

	/**
	 * When to list the client ids of per-client overrides. Client ids can be credentials, such as API
	 * keys, so they are hidden unless this is set.
	 */
	private Show showClients = Show.NEVER;

	/**
	 * Roles that may see client ids when show-clients is when-authorized. When empty, any
	 * authenticated user may.
	 */
	private Set<String> roles = new HashSet<>();

	public Show getShowClients() {
		return this.showClients;
	}

	public void setShowClients(Show showClients) {
		this.showClients = showClients;
	}

	public Set<String> getRoles() {
		return this.roles;
	}

	public void setRoles(Set<String> roles) {
		this.roles = roles;
	}

}
