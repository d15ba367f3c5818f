// SecretBytes: key material. Wiped (sodium_memzero) when destroyed or moved from, locked
// in memory where the OS allows (sodium_mlock), never copied implicitly, never printed.
// Every key, seed and salt in cleanroom lives in one of these.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/bytes.h"

namespace cleanroom {

class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(size_t size);
  // Copies `data` into a new secret (the caller wipes its own copy).
  static SecretBytes CopyOf(ByteView data);
  ~SecretBytes();

  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  ByteView view() const { return ByteView(data_, size_); }
  std::span<uint8_t> mutable_view() { return std::span<uint8_t>(data_, size_); }
  // An explicit, visible copy.
  SecretBytes Clone() const { return CopyOf(view()); }
  // Constant-time comparison.
  bool Equals(const SecretBytes& other) const;

 private:
  void Release();
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

// Wipes a buffer the caller owns (e.g. a decoded file before it goes out of scope).
void WipeBytes(std::span<uint8_t> data);
void WipeString(std::string& s);

}  // namespace cleanroom
