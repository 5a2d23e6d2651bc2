package io.github.ratelimiter.test.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.ProtocolVersion;

/**
 * Lettuce client that sends one command to a Redis node on 127.0.0.1, given by port, and returns the reply.
 *
 * <p>
 * Each call opens and closes its own connection, so a call after a restart or failover never reuses a stale
 * connection. The client speaks RESP2, so every reply is a {@code String}, {@code Long}, {@code null} or a
 * {@code List} of those. An error reply raises Lettuce's {@code RedisCommandExecutionException}.
 */
final class RedisNodeClient implements AutoCloseable {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	private final RedisClient client;

	private final Duration commandTimeout;

	RedisNodeClient(Duration commandTimeout) {
		this.commandTimeout = commandTimeout;
		this.client = RedisClient.create();
		this.client.setOptions(ClientOptions.builder()
			.protocolVersion(ProtocolVersion.RESP2)
			.autoReconnect(false)
			.socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
			.build());
	}

	/**
	 * Sends a command, such as {@code "SET", "key", "value"}, to the node on {@code 127.0.0.1:port}.
	 * @throws IllegalArgumentException if the port is 6379, which belongs to a Redis that the tests did not start
	 */
	Object execute(int port, String... command) {
		if (command.length == 0) {
			throw new IllegalArgumentException("Command must not be empty");
		}
		if (port == LoopbackPorts.DEFAULT_REDIS_PORT) {
			throw new IllegalArgumentException("Port " + port + " is reserved for a developer's own Redis and is"
					+ " never used by the tests: pass the port of a server that the test extension started");
		}
		RedisURI uri = RedisURI.builder()
			.withHost(LoopbackPorts.LOOPBACK_ADDRESS)
			.withPort(port)
			.withTimeout(this.commandTimeout)
			.build();
		try (StatefulRedisConnection<String, String> connection = this.client.connect(StringCodec.UTF8, uri)) {
			CommandArgs<String, String> arguments = new CommandArgs<>(StringCodec.UTF8);
			for (int i = 1; i < command.length; i++) {
				arguments.add(command[i]);
			}
			return connection.sync().dispatch(new CommandName(command[0]), new ReplyOutput(), arguments);
		}
	}

	@Override
	public void close() {
		this.client.shutdown(0, 2, TimeUnit.SECONDS);
	}

	/** Command name sent as given, so commands that Lettuce does not model can be sent too. */
	private record CommandName(String name) implements ProtocolKeyword {

		@Override
		public byte[] getBytes() {
			return this.name.getBytes(StandardCharsets.US_ASCII);
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

	/**
	 * Output that builds a RESP2 reply as plain Java values, with nested arrays as nested lists.
	 *
	 * <p>
	 * Arrays are tracked by their announced element count, so the result does not depend on when Lettuce calls
	 * {@link #complete(int)}.
	 */
	private static final class ReplyOutput extends CommandOutput<String, String, Object> {

		private final Deque<OpenArray> openArrays = new ArrayDeque<>();

		private boolean hasReply;

		ReplyOutput() {
			super(StringCodec.UTF8, null);
		}

		@Override
		public void set(ByteBuffer bytes) {
			addElement((bytes != null) ? decodeString(bytes) : null);
		}

		@Override
		public void setSingle(ByteBuffer bytes) {
			set(bytes);
		}

		@Override
		public void set(long integer) {
			addElement(integer);
		}

		@Override
		public void set(double number) {
			addElement(number);
		}

		@Override
		public void set(boolean value) {
			addElement(value);
		}

		@Override
		public void multi(int count) {
			if (count < 0) {
				addElement(null);
				return;
			}
			List<Object> elements = new ArrayList<>(count);
			addElement(elements);
			if (count > 0) {
				this.openArrays.push(new OpenArray(elements, count));
			}
		}

		private void addElement(Object element) {
			OpenArray parent = this.openArrays.peek();
			if (parent == null) {
				if (!this.hasReply) {
					this.output = element;
					this.hasReply = true;
				}
				return;
			}
			parent.elements().add(element);
			// A nested array joins its parent when it starts and fills afterwards, so closing a parent that has
			// all its elements is safe even while its last element is still filling.
			while (!this.openArrays.isEmpty() && this.openArrays.peek().isFull()) {
				this.openArrays.pop();
			}
		}

		private record OpenArray(List<Object> elements, int count) {

			boolean isFull() {
				return this.elements.size() >= this.count;
			}

		}

	}

}
