package io.github.ratelimiter.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.ratelimiter.test.web.PrintableIds;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RateLimitKeyBuilder}: whatever a client id contains, its key stays under the prefix,
 * stays short, and carries a hash tag that the builder chose.
 */
class RateLimitKeyBuilderTests {

	private static final Pattern KEY_PATTERN = Pattern.compile("ratelimiter:hello:\\{[A-Za-z0-9_-]{22}\\}");

	private final RateLimitKeyBuilder keyBuilder = new RateLimitKeyBuilder("ratelimiter");

	static List<String> hostileIds() {
		List<String> ids = new ArrayList<>(List.of("", "alice", "{}", "}{", "{alice}", "{", "}", "a:b:c", ":",
				"ratelimiter:hello:{x}", "ratelimiter:other:{oRWUYlLJjVSaLXHaIQR_mA}", "../..", "*", "?", "[a-z]*",
				"a b", " ", "\t", "a\r\nb", "\u0000", "\u007f", "\u00e9", "e\u0301", "\ud83d\ude00", "\u202e",
				"127.0.0.1", "::1", "2001:db8::1", "address:127.0.0.1", "id:alice"));
		ids.add("x".repeat(128));
		ids.add("x".repeat(129));
		ids.add("{".repeat(8192));
		ids.add("\ud83d\ude00".repeat(4096));
		return ids;
	}

	@Test
	void keysOfHostileIdsStayUnderPrefixAndBound() {
		for (String id : hostileIds()) {
			String key = this.keyBuilder.key("hello", ClientId.of(id));

			assertThat(key).as("key of id %s", PrintableIds.printable(id)).matches(KEY_PATTERN);
			assertThat(key.length()).as("length of the key of id %s", PrintableIds.printable(id))
				.isLessThanOrEqualTo(this.keyBuilder.maxKeyLength());
		}
	}

	@Test
	void hashTagIsTheDigestWhateverTheIdContains() {
		for (String id : hostileIds()) {
			String key = this.keyBuilder.key("hello", ClientId.of(id));
			String digest = key.substring(key.indexOf('{') + 1, key.length() - 1);

			assertThat(hashTag(key)).as("hash tag of the key of id %s", PrintableIds.printable(id)).isEqualTo(digest);
		}
	}

	@Test
	void keysOfOneClientShareOneSlotAcrossPolicies() {
		for (String id : hostileIds()) {
			ClientId client = ClientId.of(id);

			int helloSlot = SlotHash.getSlot(this.keyBuilder.key("hello", client));
			int ordersSlot = SlotHash.getSlot(this.keyBuilder.key("orders", client));
			int longPolicySlot = SlotHash.getSlot(this.keyBuilder.key("p".repeat(64), client));

			assertThat(ordersSlot).as("slot of policy orders for id %s", PrintableIds.printable(id)).isEqualTo(helloSlot);
			assertThat(longPolicySlot).as("slot of a 64-character policy for id %s", PrintableIds.printable(id))
				.isEqualTo(helloSlot);
		}
	}

	@Test
	void differentIdsGetDifferentKeys() {
		Map<String, String> idByKey = new HashMap<>();
		for (String id : hostileIds()) {
			String key = this.keyBuilder.key("hello", ClientId.of(id));
			String previous = idByKey.put(key, id);
			if (previous != null) {
				// Only spellings of one id in Unicode normalization form C may share a key.
				assertThat(ClientId.of(previous)).as("id sharing the key of %s", PrintableIds.printable(id))
					.isEqualTo(ClientId.of(id));
			}
		}
		assertThat(idByKey).hasSize(hostileIds().size() - 1);
	}

	@Test
	void composedAndDecomposedSpellingsShareOneKey() {
		String composed = this.keyBuilder.key("hello", ClientId.of("caf\u00e9"));
		String decomposed = this.keyBuilder.key("hello", ClientId.of("cafe\u0301"));

		assertThat(decomposed).isEqualTo(composed);
	}

	@Test
	void idAndAddressWithSameValueGetDifferentKeys() {
		String id = this.keyBuilder.key("hello", ClientId.of("127.0.0.1"));
		String address = this.keyBuilder.key("hello", ClientId.ofAddress("127.0.0.1"));

		assertThat(id).isNotEqualTo(address);
	}

	@Test
	void canonicalFormNamesTheSource() {
		assertThat(ClientId.of("alice").canonical()).isEqualTo("id:alice");
		assertThat(ClientId.ofAddress("203.0.113.7").canonical()).isEqualTo("address:203.0.113.7");
		assertThat(ClientId.of("cafe\u0301").canonical()).isEqualTo("id:caf\u00e9");
	}

	@Test
	void maxKeyLengthIsPrefixLengthPlusNinety() {
		RateLimitKeyBuilder longPrefix = new RateLimitKeyBuilder("p".repeat(64));

		String longest = longPrefix.key("q".repeat(64), ClientId.of("x".repeat(8192)));

		assertThat(this.keyBuilder.maxKeyLength()).isEqualTo("ratelimiter".length() + 90);
		assertThat(longPrefix.maxKeyLength()).isEqualTo(64 + 90);
		assertThat(longest).hasSize(longPrefix.maxKeyLength());
	}

	@Test
	void rejectsPolicyNameThatCouldChangeTheHashTag() {
		ClientId client = ClientId.of("alice");

		assertThatIllegalArgumentException().isThrownBy(() -> this.keyBuilder.key("{hello}", client))
			.withMessageContaining("policy name '{hello}' is invalid");
		assertThatIllegalArgumentException().isThrownBy(() -> this.keyBuilder.key("a:b", client));
		assertThatIllegalArgumentException().isThrownBy(() -> this.keyBuilder.key("p".repeat(65), client));
		assertThatIllegalArgumentException().isThrownBy(() -> this.keyBuilder.key("", client));
	}

	@Test
	void rejectsPrefixWithBraceOrColon() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitKeyBuilder("rate{limiter}"))
			.withMessageContaining("key prefix 'rate{limiter}' is invalid");
		assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitKeyBuilder("rate:limiter"));
		assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitKeyBuilder(""));
	}

	@Test
	void rejectsIdWithUnpairedSurrogate() {
		assertThatIllegalArgumentException().isThrownBy(() -> ClientId.of("a\ud800"))
			.withMessage("value has an unpaired surrogate at index 1");
		assertThatIllegalArgumentException().isThrownBy(() -> ClientId.of("\udc00a"))
			.withMessage("value has an unpaired surrogate at index 0");
		assertThatIllegalArgumentException().isThrownBy(() -> ClientId.of("\ude00\ud83d"));
	}

	/** Returns the part of a key that Redis Cluster hashes, by the rule of the CLUSTER KEYSLOT command. */
	private static String hashTag(String key) {
		int open = key.indexOf('{');
		if (open < 0) {
			return key;
		}
		int close = key.indexOf('}', open + 1);
		if (close < 0 || close == open + 1) {
			return key;
		}
		return key.substring(open + 1, close);
	}

}
