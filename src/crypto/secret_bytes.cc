#include "crypto/secret_bytes.h"

#include <sodium.h>

#include <cstdlib>
#include <new>
#include <string>

#include "crypto/sodium_init.h"

namespace cleanroom {

SecretBytes::SecretBytes(size_t size) : size_(size) {
  EnsureSodium();
  if (size_ == 0) return;
  data_ = static_cast<uint8_t*>(std::calloc(size_, 1));
  if (data_ == nullptr) throw std::bad_alloc();
  // Best effort: RLIMIT_MEMLOCK may refuse; the wipe still happens.
  (void)sodium_mlock(data_, size_);
}

SecretBytes SecretBytes::CopyOf(ByteView data) {
  SecretBytes s(data.size());
  if (!data.empty()) std::copy(data.begin(), data.end(), s.data_);
  return s;
}

SecretBytes::~SecretBytes() { Release(); }

SecretBytes::SecretBytes(SecretBytes&& other) noexcept : data_(other.data_), size_(other.size_) {
  other.data_ = nullptr;
  other.size_ = 0;
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    Release();
    data_ = other.data_;
    size_ = other.size_;
    other.data_ = nullptr;
    other.size_ = 0;
  }
  return *this;
}

bool SecretBytes::Equals(const SecretBytes& other) const {
  if (size_ != other.size_) return false;
  if (size_ == 0) return true;
  return sodium_memcmp(data_, other.data_, size_) == 0;
}

void SecretBytes::Release() {
  if (data_ != nullptr) {
    sodium_munlock(data_, size_);  // also zeroes
    sodium_memzero(data_, size_);
    std::free(data_);
  }
  data_ = nullptr;
  size_ = 0;
}

void WipeBytes(std::span<uint8_t> data) {
  if (!data.empty()) sodium_memzero(data.data(), data.size());
}

void WipeString(std::string& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size());
  s.clear();
}

}  // namespace cleanroom
