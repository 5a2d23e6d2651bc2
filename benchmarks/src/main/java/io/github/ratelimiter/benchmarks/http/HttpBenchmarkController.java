package io.github.ratelimiter.benchmarks.http;

import java.util.Map;

import io.github.ratelimiter.web.RateLimited;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Two handlers with the same body, so that the difference between them is the rate limiter alone.
 */
@RestController
class HttpBenchmarkController {

	private static final Map<String, String> BODY = Map.of("message", "hello");

	private final OutcomeCounter outcomeCounter;

	HttpBenchmarkController(OutcomeCounter outcomeCounter) {
		this.outcomeCounter = outcomeCounter;
	}

	@GetMapping("/limited")
	@RateLimited(HttpBenchmarkApplication.POLICY)
	Map<String, String> limited() {
		return BODY;
	}

	@GetMapping("/unlimited")
	Map<String, String> unlimited() {
		return BODY;
	}

	/** Returns the rate limiter's decisions so far by outcome; wrk never requests it. */
	@GetMapping("/outcomes")
	Map<String, Long> outcomes() {
		return this.outcomeCounter.snapshot();
	}

}
