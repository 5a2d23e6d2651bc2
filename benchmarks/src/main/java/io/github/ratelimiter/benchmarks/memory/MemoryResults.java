package io.github.ratelimiter.benchmarks.memory;

import java.util.List;

/**
 * Results of the Redis memory benchmark.
 *
 * @param listpackMaxEntries Redis's {@code zset-max-listpack-entries}: the largest sorted set kept in
 * the compact listpack encoding
 * @param keyLength length of the measured keys in bytes
 * @param keys one client's key with a full window, per limit
 * @param sizing memory of many clients with full windows, per limit
 */
public record MemoryResults(int listpackMaxEntries, int keyLength, List<KeyMemory> keys, List<ClientsMemory> sizing) {

	/**
	 * {@code MEMORY USAGE} of one client's key whose window contains {@code limit} entries.
	 *
	 * @param limit limit of the policy, and so the entries in the full window
	 * @param bytes {@code MEMORY USAGE <key> SAMPLES 0}
	 * @param bytesPerEntry bytes divided by the entries
	 * @param marginalBytesPerEntry bytes above those of a one-entry key, divided by the entries above one
	 * @param encoding {@code OBJECT ENCODING} of the key
	 */
	public record KeyMemory(int limit, long bytes, double bytesPerEntry, double marginalBytesPerEntry,
			String encoding) {
	}

	/**
	 * Growth of Redis's {@code used_memory} when many clients each fill their window, which includes what
	 * {@code MEMORY USAGE} leaves out, such as the key's entry in the expiry table.
	 *
	 * @param limit entries in each client's window
	 * @param clients clients written
	 * @param bytesPerClient growth of {@code used_memory} divided by the clients
	 * @param bytesPerEntry growth of {@code used_memory} divided by all entries
	 */
	public record ClientsMemory(int limit, int clients, double bytesPerClient, double bytesPerEntry) {
	}

}
