package io.github.ratelimiter.test.redis;

/**
 * One Redis server or Sentinel on 127.0.0.1 that a test server started and owns.
 */
interface RedisNode extends AutoCloseable {

	/** Returns the port on 127.0.0.1, which stays the same across {@link #stop()} and {@link #start()}. */
	int port();

	/** Starts the node on its port and waits until it accepts commands. */
	void start();

	/** Stops the node and waits until it has exited. Its data is lost because persistence is off. */
	void stop();

	boolean isRunning();

	/** Returns the tail of the node's log for error messages. */
	String logTail();

	/** Stops the node and removes everything it left behind. */
	@Override
	void close();

}
