package io.github.ratelimiter.demo;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

import io.github.ratelimiter.web.RateLimited;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints of the demo, each under the policy of the same name in {@code application.yml}.
 */
@RestController
@RequestMapping("/api")
public class DemoController {

	@GetMapping("/hello")
	@RateLimited("hello")
	public Map<String, Object> hello() {
		return Map.of("message", "Hello", "time", Instant.now().toString());
	}

	@GetMapping("/orders/{id}")
	@RateLimited("orders")
	public Map<String, Object> order(@PathVariable String id) {
		return Map.of("id", id, "status", "shipped");
	}

	@PostMapping("/reports")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@RateLimited(value = "reports", cost = 5)
	public Map<String, Object> createReport(@RequestBody(required = false) Map<String, Object> request) {
		return Map.of("status", "accepted", "request", (request != null) ? request : Map.of());
	}

	@GetMapping("/async")
	@RateLimited("async")
	public Callable<Map<String, Object>> async() {
		return () -> Map.of("message", "Hello from another thread", "thread", Thread.currentThread().getName());
	}

	@GetMapping("/public")
	public Map<String, Object> publicEndpoint() {
		return Map.of("message", "Not rate limited");
	}

}
