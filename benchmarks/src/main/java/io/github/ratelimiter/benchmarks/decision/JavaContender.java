package io.github.ratelimiter.benchmarks.decision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Contender that decides in this JVM through a Java API, driven by the {@link LoadDriver}.
 */
abstract class JavaContender implements Contender {

	private final int keys;

	/**
	 * Creates a contender.
	 * @param keys client keys shared out between the callers of a run
	 */
	JavaContender(int keys) {
		this.keys = keys;
	}

	@Override
	public RoundResult measure(int callers, Duration duration) {
		int keysPerCaller = Math.max(1, this.keys / callers);
		List<DecisionCaller> decisionCallers = new ArrayList<>();
		for (int caller = 0; caller < callers; caller++) {
			decisionCallers.add(newCaller(clientIds(caller, keysPerCaller)));
		}
		return LoadDriver.run(decisionCallers, duration);
	}

	/** Returns a caller that cycles through the given client ids, one per decision. */
	abstract DecisionCaller newCaller(String[] clientIds);

	private static String[] clientIds(int caller, int count) {
		String[] ids = new String[count];
		for (int i = 0; i < count; i++) {
			ids[i] = "caller-" + caller + "-client-" + i;
		}
		return ids;
	}

}
