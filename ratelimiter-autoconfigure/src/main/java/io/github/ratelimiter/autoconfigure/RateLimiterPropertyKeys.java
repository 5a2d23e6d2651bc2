package io.github.ratelimiter.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.ratelimiter.core.RateLimiterConfigurationException;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Checks the policy names under {@code ratelimiter.policies} and the client ids under
 * {@code ratelimiter.policies.<name>.clients} as they are written in the property sources, before Spring
 * Boot binds them.
 *
 * <p>
 * Spring Boot 4.0's relaxed binding changes map keys that are written outside bracket notation. It
 * splits a key at each {@code .}, so {@code Partner.A} is dropped. It strips characters other than
 * letters, digits, {@code -} and {@code _}, so {@code a:b} becomes {@code ab} and {@code e} followed by
 * a combining accent becomes {@code e}. And it looks up the settings of a key ignoring case and
 * {@code _}, so {@code Partner-A} gets the limit written for {@code partner-a}. So a key outside brackets
 * may contain only lowercase letters, digits and {@code -}. Any other key must be written in brackets,
 * such as {@code "[Partner.A]"}, which Spring Boot takes character for character.
 */
final class RateLimiterPropertyKeys {

	private static final ConfigurationPropertyName POLICIES = ConfigurationPropertyName.of("ratelimiter.policies");

	private static final int POLICY_INDEX = 2;

	private static final int CLIENT_INDEX = 4;

	private static final Pattern PLAIN_KEY = Pattern.compile("[a-z0-9-]+");

	private static final Set<String> POLICY_SETTINGS = Set.of("limit", "window", "failuremode", "clients");

	private static final Set<String> CLIENT_SETTINGS = Set.of("limit", "window");

	private RateLimiterPropertyKeys() {
	}

	/**
	 * Checks every property under {@code ratelimiter.policies} in the environment.
	 * @throws RateLimiterConfigurationException naming the first property whose key Spring Boot would
	 * change, drop or merge with another
	 */
	static void validate(Environment environment) {
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source.getUnderlyingSource() instanceof EnumerablePropertySource<?> propertySource) {
				Arrays.stream(propertySource.getPropertyNames())
					.sorted()
					.map((name) -> WrittenName.of(propertySource, name))
					.filter((written) -> written != null && POLICIES.isAncestorOf(written.adapted()))
					.forEach(RateLimiterPropertyKeys::validate);
			}
		}
	}

	private static void validate(WrittenName written) {
		int policySetting = written.indexOfFirst(POLICY_INDEX + 1, POLICY_SETTINGS);
		validateKey(written, POLICY_INDEX, policySetting, "policy name");
		if (policySetting < 0 || !"clients".equals(written.uniformElement(policySetting))) {
			return;
		}
		int clientSetting = written.indexOfFirst(CLIENT_INDEX + 1, CLIENT_SETTINGS);
		if (clientSetting < 0 || clientSetting != written.elementCount() - 1) {
			throw new RateLimiterConfigurationException(written.describe()
					+ " is not a setting of a client override, which has only limit and window.",
					"Set ratelimiter.policies." + written.element(POLICY_INDEX) + ".clients.<client id>.limit or "
							+ ".window, with the client id in bracket notation unless it contains only lowercase "
							+ "letters, digits and '-'.");
		}
		validateKey(written, CLIENT_INDEX, clientSetting, "client id");
	}

	/**
	 * Checks the key that spans the elements from {@code start} up to {@code end}, exclusive: one
	 * element in brackets, or one element of lowercase letters, digits and dashes.
	 */
	private static void validateKey(WrittenName written, int start, int end, String kind) {
		if (written.elementCount() <= start) {
			return;
		}
		int keyEnd = (end > start) ? end : start + 1;
		String key = written.join(start, keyEnd);
		boolean oneElement = keyEnd == start + 1;
		if (oneElement && key.startsWith("[") && key.endsWith("]")) {
			return;
		}
		if (oneElement && PLAIN_KEY.matcher(written.normalizeCase(key)).matches()) {
			return;
		}
		String inBrackets = "[" + key + "]";
		throw new RateLimiterConfigurationException("the " + kind + " '" + key + "' in " + written.describe()
				+ " is written outside brackets, where Spring Boot's relaxed binding splits keys at '.', strips "
				+ "other characters and merges keys that differ in case or '_'. Outside brackets a key may contain "
				+ "only lowercase letters, digits and '-'.",
				"Write the " + kind + " in bracket notation, for example " + written.replace(start, keyEnd, inBrackets)
						+ " or, in YAML, \"" + inBrackets + "\".");
	}

	/**
	 * Property name as written in its source, split into elements, with the name that Spring Boot
	 * adapted it to.
	 */
	private record WrittenName(String text, List<String> elements, ConfigurationPropertyName adapted,
			boolean fromEnvironment, Origin origin) {

		/**
		 * Returns the name as written in the property source with the name that Spring Boot adapts it
		 * to, or {@code null} when Spring Boot would not read it as a configuration property.
		 */
		static WrittenName of(EnumerablePropertySource<?> source, String text) {
			boolean fromEnvironment = source instanceof SystemEnvironmentPropertySource && !text.contains(".");
			char separator = fromEnvironment ? '_' : '.';
			ConfigurationPropertyName adapted;
			try {
				adapted = ConfigurationPropertyName.adapt(text, separator);
			}
			catch (RuntimeException ex) {
				return null;
			}
			return new WrittenName(text, split(text, separator), adapted, fromEnvironment,
					PropertySourceOrigin.get(source, text));
		}

		/** Splits a name at each separator outside brackets, keeping each bracketed part as one element. */
		private static List<String> split(String text, char separator) {
			List<String> elements = new ArrayList<>();
			StringBuilder current = new StringBuilder();
			int depth = 0;
			for (char c : text.toCharArray()) {
				if (depth == 0 && (c == separator || c == '[')) {
					addIfNotEmpty(elements, current);
				}
				if (depth > 0 || c != separator) {
					current.append(c);
				}
				depth += (c == '[') ? 1 : (c == ']') ? -1 : 0;
				if (depth == 0 && c == ']') {
					addIfNotEmpty(elements, current);
				}
			}
			addIfNotEmpty(elements, current);
			return elements;
		}

		private static void addIfNotEmpty(List<String> elements, StringBuilder current) {
			if (!current.isEmpty()) {
				elements.add(current.toString());
				current.setLength(0);
			}
		}

		int elementCount() {
			return this.elements.size();
		}

		String element(int index) {
			return this.elements.get(index);
		}

		String uniformElement(int index) {
			return element(index).toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
		}

		/** Returns the index of the first element from {@code start} on that is one of the settings, or -1. */
		int indexOfFirst(int start, Set<String> settings) {
			for (int i = start; i < this.elements.size(); i++) {
				if (settings.contains(uniformElement(i))) {
					return i;
				}
			}
			return -1;
		}

		/** Returns the elements from {@code start} up to {@code end}, exclusive, as written. */
		String join(int start, int end) {
			return String.join(this.fromEnvironment ? "_" : ".", this.elements.subList(start, Math.min(end,
					this.elements.size())));
		}

		/** Returns an element of an environment variable in lower case, as Spring Boot reads it. */
		String normalizeCase(String element) {
			return this.fromEnvironment ? element.toLowerCase(Locale.ROOT) : element;
		}

		/** Returns the name in dotted form with the elements from {@code start} to {@code end} replaced. */
		String replace(int start, int end, String replacement) {
			List<String> result = new ArrayList<>(this.elements.subList(0, start));
			result.add(replacement);
			result.addAll(this.elements.subList(end, this.elements.size()));
			StringBuilder name = new StringBuilder();
			for (String element : result) {
				if (!name.isEmpty() && !element.startsWith("[")) {
					name.append('.');
				}
				name.append(this.fromEnvironment && !element.startsWith("[") ? element.toLowerCase(Locale.ROOT)
						: element);
			}
			return name.toString();
		}

		String describe() {
			String described = this.text;
			if (!this.adapted.toString().equals(this.text)) {
				described += " (bound as " + this.adapted + ")";
			}
			if (this.origin != null && !this.origin.toString().contains(this.text)) {
				described += " from " + this.origin;
			}
			return described;
		}

	}

}
