#include "psi/messages.h"

#include <algorithm>

namespace cleanroom::psi {

Error Malformed(const std::string& what) {
  return MakeError(ErrorCode::kBadInput, "malformed message from peer: " + what);
}

Status SendMessage(SecureChannel& ch, MsgType type, ByteView body) {
  Bytes m;
  m.reserve(body.size() + 1);
  m.push_back(static_cast<uint8_t>(type));
  Append(m, body);
  return ch.Send(m);
}

Result<Bytes> ReceiveMessage(SecureChannel& ch, MsgType type, size_t size) {
  CR_ASSIGN_OR_RETURN(Bytes m, ch.Receive());
  if (m.empty() || m[0] != static_cast<uint8_t>(type)) {
    return Malformed(
        "expected message type " + std::to_string(static_cast<int>(type)) + ", got " +
        (m.empty() ? std::string("an empty message") : std::to_string(static_cast<int>(m[0]))));
  }
  if (size != std::string::npos && m.size() - 1 != size) {
    return Malformed("message type " + std::to_string(static_cast<int>(type)) + " has " +
                     std::to_string(m.size() - 1) + " bytes, expected " + std::to_string(size));
  }
  return Bytes(m.begin() + 1, m.end());
}

Status SendList(SecureChannel& ch, ListTag tag, ByteView items, size_t item_size) {
  uint64_t count = items.size() / item_size;
  Bytes header;
  header.push_back(static_cast<uint8_t>(tag));
  AppendU64BE(header, count);
  AppendU32BE(header, static_cast<uint32_t>(item_size));
  CR_RETURN_IF_ERROR(SendMessage(ch, MsgType::kListHeader, header));
  // Leave room for the message type and the tag in each frame.
  size_t per_chunk = std::max<size_t>(1, (ch.max_frame() - 2) / item_size);
  for (uint64_t at = 0; at < count; at += per_chunk) {
    size_t n = static_cast<size_t>(std::min<uint64_t>(per_chunk, count - at));
    Bytes chunk;
    chunk.reserve(1 + n * item_size);
    chunk.push_back(static_cast<uint8_t>(tag));
    Append(chunk, items.subspan(at * item_size, n * item_size));
    CR_RETURN_IF_ERROR(SendMessage(ch, MsgType::kListChunk, chunk));
  }
  return Ok();
}

Result<Bytes> ReceiveList(SecureChannel& ch, ListTag tag, size_t item_size, uint64_t max_items) {
  CR_ASSIGN_OR_RETURN(Bytes header, ReceiveMessage(ch, MsgType::kListHeader, 13));
  if (header[0] != static_cast<uint8_t>(tag)) {
    return Malformed("expected list " + std::to_string(static_cast<int>(tag)) + ", got list " +
                     std::to_string(static_cast<int>(header[0])));
  }
  uint64_t count = ReadU64BE(header.data() + 1);
  uint32_t size = ReadU32BE(header.data() + 9);
  if (size != item_size) {
    return Malformed("list items of " + std::to_string(size) + " bytes, expected " +
                     std::to_string(item_size));
  }
  if (count > max_items) {
    return Malformed("list of " + std::to_string(count) + " items exceeds the limit of " +
                     std::to_string(max_items));
  }
  // Memory follows the chunks that arrive, not the count the header announces: a peer that
  // announces 2^24 items and sends none costs us at most kReserveCap.
  constexpr uint64_t kReserveCap = uint64_t{64} << 20;
  Bytes items;
  items.reserve(static_cast<size_t>(std::min<uint64_t>(count * item_size, kReserveCap)));
  while (items.size() < count * item_size) {
    CR_ASSIGN_OR_RETURN(Bytes chunk, ReceiveMessage(ch, MsgType::kListChunk, std::string::npos));
    if (chunk.empty() || chunk[0] != static_cast<uint8_t>(tag)) {
      return Malformed("list chunk for another list");
    }
    size_t body = chunk.size() - 1;
    if (body == 0 || body % item_size != 0 || items.size() + body > count * item_size) {
      return Malformed("list chunk of " + std::to_string(body) + " bytes does not fit the list");
    }
    items.insert(items.end(), chunk.begin() + 1, chunk.end());
  }
  return items;
}

}  // namespace cleanroom::psi
