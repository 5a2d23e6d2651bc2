package io.github.ratelimiter.benchmarks.report;

import java.util.List;

import io.github.ratelimiter.benchmarks.MachineInfo;
import io.github.ratelimiter.benchmarks.memory.MemoryResults;
import io.github.ratelimiter.benchmarks.memory.MemoryResults.ClientsMemory;

/**
 * Turns the measured memory per client into a sizing rule that a README can quote.
 */
final class Sizing {

	private static final int EXAMPLE_CLIENTS = 100_000;

	private Sizing() {
	}

	/**
	 * Returns the sizing paragraph. The compact rule is a straight line through the two smallest
	 * measured limits. The rule above the listpack threshold divides the largest measured limit's memory
	 * by its entries.
	 */
	static String paragraph(MemoryResults memory, MachineInfo machine) {
		List<ClientsMemory> compact = memory.sizing()
			.stream()
			.filter((clients) -> clients.limit() <= memory.listpackMaxEntries())
			.toList();
		ClientsMemory largest = memory.sizing().get(memory.sizing().size() - 1);
		ClientsMemory small = compact.get(0);
		ClientsMemory large = compact.get(compact.size() - 1);
		double perEntry = (large.bytesPerClient() - small.bytesPerClient()) / (large.limit() - small.limit());
		double fixed = small.bytesPerClient() - perEntry * small.limit();
		long fixedRounded = Math.round(fixed / 10) * 10;
		long perEntryRounded = Math.round(perEntry);
		long skiplistPerEntry = Math.round(largest.bytesPerEntry());

		double exampleCompact = EXAMPLE_CLIENTS * (fixedRounded + perEntryRounded * 100.0);
		double exampleSkiplist = EXAMPLE_CLIENTS * (skiplistPerEntry * 1000.0);
		return "Redis keeps one sorted set per client and policy until one window after the client's last admitted "
				+ "request, with one entry per admitted unit (a request of cost 5 logs 5 entries). Size Redis for "
				+ "the clients that are active within one window, each at its limit L. Each such client needs about "
				+ fixedRounded + " + " + perEntryRounded + " × L bytes while L ≤ " + memory.listpackMaxEntries()
				+ ", where Redis keeps the set in the compact listpack encoding (the default "
				+ "`zset-max-listpack-entries`). Above it the set becomes a skiplist and needs about "
				+ skiplistPerEntry + " × L bytes. "
				+ "For example, " + Formats.whole(EXAMPLE_CLIENTS) + " active clients at a limit of 100 need about "
				+ Formats.bytes(exampleCompact) + ", and at a limit of 1,000 about " + Formats.bytes(exampleSkiplist)
				+ ". These are estimates from `used_memory` growth measured on Redis " + machine.redisVersion()
				+ " with " + Formats.whole(largest.clients()) + " clients; Redis's own baseline, replication and "
				+ "fragmentation come on top.";
	}

}
