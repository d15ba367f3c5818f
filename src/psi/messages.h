// The wire messages of the PSI protocols, carried inside a SecureChannel. Every message is
// [type byte][body]; a list of fixed-size items (group elements, ciphertexts) is a header
// (list tag, item count, item size) followed by chunks that each fit one frame. Decoding
// checks type, tag, sizes and counts before allocating, and any violation is a kBadInput
// "malformed message from peer: ..." error.
#pragma once

#include <cstdint>
#include <string>

#include "common/bytes.h"
#include "common/error.h"
#include "psi/secure_channel.h"

namespace cleanroom::psi {

// The largest set a party accepts from its peer (elements, not bytes).
inline constexpr uint64_t kMaxListItems = uint64_t{1} << 24;

enum class ListTag : uint8_t {
  kReceiverBlinded = 1,        // H(a)^alpha, in an order the receiver chose at random
  kReceiverDoubleBlinded = 2,  // H(a)^(alpha beta), same order or shuffled
  kSenderBlinded = 3,          // H(b)^beta, shuffled
  kCrosswalkForSender = 4,     // (index into kSenderBlinded, H(b)^(beta alpha)) for matches
  kValuesEncrypted = 5,        // (H(b)^beta, Enc(v_b)), shuffled
};

enum class MsgType : uint8_t {
  kListHeader = 1,
  kListChunk = 2,
  kSummary = 3,      // u64 intersection size
  kPaillierKey = 4,  // modulus n
  kMaskedSum = 5,    // Enc(sum + r), or empty when below the threshold
  kUnmaskedSum = 6,  // sum + r mod n
};

// Sends `items` (count * item_size bytes) as one list.
Status SendList(SecureChannel& ch, ListTag tag, ByteView items, size_t item_size);
// Receives the list `tag` whose items are `item_size` bytes, at most `max_items`.
Result<Bytes> ReceiveList(SecureChannel& ch, ListTag tag, size_t item_size,
                          uint64_t max_items = kMaxListItems);

Status SendMessage(SecureChannel& ch, MsgType type, ByteView body);
// Receives a message of `type` whose body is exactly `size` bytes (any size when npos).
Result<Bytes> ReceiveMessage(SecureChannel& ch, MsgType type, size_t size);

Error Malformed(const std::string& what);

}  // namespace cleanroom::psi
