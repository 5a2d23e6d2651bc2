package io.github.ratelimiter.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that no starter code reads forwarding headers itself: the client address must come from the
 * server's own forwarded-header support, which is configured with the proxies to trust.
 */
class ForwardedHeaderUsageTests {

	private static final Path MAIN_SOURCES = Path.of("src/main/java");

	private static final Set<String> FORWARDING_HEADERS = Set.of("x-forwarded-for", "forwarded", "x-real-ip");

	private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"");

	private static final Pattern COMMENT = Pattern.compile("//[^\n]*|/\\*.*?\\*/", Pattern.DOTALL);

	private static final Pattern FORWARDING_API = Pattern
		.compile("\\b(ForwardedHeaderFilter|ForwardedHeaderUtils|X_FORWARDED_FOR|X_REAL_IP|FORWARDED)\\b");

	@Test
	void mainSourcesDoNotReadForwardingHeaders() throws IOException {
		List<Path> sources = javaSources();
		List<String> findings = new ArrayList<>();
		for (Path source : sources) {
			findUses(Files.readString(source)).forEach((use) -> findings.add(source + ": " + use));
		}

		assertThat(sources).as("starter sources under %s", MAIN_SOURCES.toAbsolutePath()).hasSizeGreaterThan(20);
		assertThat(findings).isEmpty();
	}

	@Test
	void scanFindsHeaderReads() {
		String code = """
				// The X-Forwarded-For header is not read here.
				String address = request.getHeader("X-Forwarded-For");
				String real = request.getHeader("x-real-ip");
				Filter filter = new ForwardedHeaderFilter();
				log("the left-most X-Forwarded-For value is client-supplied");
				""";

		List<String> uses = findUses(code);

		assertThat(uses).containsExactly("string literal \"X-Forwarded-For\"", "string literal \"x-real-ip\"",
				"reference to ForwardedHeaderFilter");
	}

	/** Returns the string literals that name a forwarding header and the references to forwarding APIs. */
	private static List<String> findUses(String source) {
		String code = COMMENT.matcher(source).replaceAll(" ");
		List<String> uses = new ArrayList<>();
		Matcher literal = STRING_LITERAL.matcher(code);
		while (literal.find()) {
			String value = literal.group().substring(1, literal.group().length() - 1);
			if (FORWARDING_HEADERS.contains(value.trim().toLowerCase(Locale.ROOT))) {
				uses.add("string literal " + literal.group());
			}
		}
		Matcher api = FORWARDING_API.matcher(STRING_LITERAL.matcher(code).replaceAll("\"\""));
		while (api.find()) {
			uses.add("reference to " + api.group());
		}
		return uses;
	}

	private static List<Path> javaSources() throws IOException {
		try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
			return files.filter((file) -> file.toString().endsWith(".java")).sorted().toList();
		}
	}

}
