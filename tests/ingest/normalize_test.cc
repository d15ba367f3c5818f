#include "ingest/normalize.h"

#include <gtest/gtest.h>

namespace cleanroom {
namespace {

std::string Ok(Normalizer n, std::string_view raw) {
  Result<std::string> r = NormalizeIdentifier(n, raw);
  EXPECT_TRUE(r.ok()) << "'" << raw << "': " << (r.ok() ? "" : r.error().message);
  return r.ok() ? r.value() : "<error>";
}

std::string Reason(Normalizer n, std::string_view raw) {
  Result<std::string> r = NormalizeIdentifier(n, raw);
  EXPECT_FALSE(r.ok()) << "'" << raw << "' was accepted as '" << (r.ok() ? r.value() : "") << "'";
  if (r.ok()) return "<accepted>";
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  return r.error().message;
}

TEST(NormalizeEmail, TrimsAndLowerCases) {
  EXPECT_EQ(Ok(Normalizer::kEmail, "alice@email.com"), "alice@email.com");
  EXPECT_EQ(Ok(Normalizer::kEmail, "  Alice@Email.COM \t"), "alice@email.com");
  EXPECT_EQ(Ok(Normalizer::kEmail, "\r\nBOB.Smith+news@Example.co.uk\n"),
            "bob.smith+news@example.co.uk");
  // No provider-specific rewriting: dots and +tags are kept (docs/normalisation.md).
  EXPECT_EQ(Ok(Normalizer::kEmail, "a.b.c+tag@gmail.com"), "a.b.c+tag@gmail.com");
  // Non-ASCII bytes are kept as they are (only ASCII letters are folded).
  EXPECT_EQ(Ok(Normalizer::kEmail, "J\xC3\xBCRGEN@Example.de"), "j\xC3\xBCrgen@example.de");
}

TEST(NormalizeEmail, RejectsWithReason) {
  EXPECT_EQ(Reason(Normalizer::kEmail, ""), "empty");
  EXPECT_EQ(Reason(Normalizer::kEmail, "   \t "), "empty");
  for (std::string_view bad :
       {"alice", "alice@", "@email.com", "alice@@email.com", "alice@email", "alice@.email.com",
        "alice@email.com.", "alice@email..com", ".alice@email.com", "alice.@email.com",
        "al..ice@email.com", "al ice@email.com", "alice@em ail.com", "a@b@c.com",
        "<alice@email.com>", "alice@-email.com", "\"alice\"@email.com", "alice@email.com,bob"}) {
    EXPECT_EQ(Reason(Normalizer::kEmail, bad), "not an email address") << bad;
  }
  EXPECT_EQ(Reason(Normalizer::kEmail, std::string(65, 'a') + "@email.com"),
            "not an email address");
  EXPECT_EQ(Ok(Normalizer::kEmail, std::string(64, 'a') + "@email.com"),
            std::string(64, 'a') + "@email.com");
}

TEST(NormalizePhone, E164WithDefaultCountry) {
  EXPECT_EQ(Ok(Normalizer::kPhone, "+1 (555) 123-4567"), "+15551234567");
  EXPECT_EQ(Ok(Normalizer::kPhone, "(555) 123-4567"), "+15551234567");
  EXPECT_EQ(Ok(Normalizer::kPhone, "555.123.4567"), "+15551234567");
  EXPECT_EQ(Ok(Normalizer::kPhone, "1-555-123-4567"), "+15551234567");
  EXPECT_EQ(Ok(Normalizer::kPhone, " +44 20 7946 0958 "), "+442079460958");
  EXPECT_EQ(Ok(Normalizer::kPhone, "0044 20 7946 0958"), "+442079460958");
  EXPECT_EQ(Ok(Normalizer::kPhone, "+49/30/123456"), "+4930123456");
}

TEST(NormalizePhone, RejectsWithReason) {
  EXPECT_EQ(Reason(Normalizer::kPhone, ""), "empty");
  EXPECT_EQ(Reason(Normalizer::kPhone, "  "), "empty");
  EXPECT_EQ(Reason(Normalizer::kPhone, "--"), "empty");
  for (std::string_view bad :
       {"+", "555-1234", "020 7946 0958", "123-456-7890", "(555) 123-4567 x12", "call me",
        "+0 555 123 4567", "+1234567890123456", "+12345", "555-123-4567-8", "++15551234567",
        "1-055-123-4567", "+1 555 123 4567+"}) {
    EXPECT_EQ(Reason(Normalizer::kPhone, bad), "not a phone number") << bad;
  }
}

TEST(NormalizeNone, KeepsTheValueExactly) {
  EXPECT_EQ(Ok(Normalizer::kNone, " Customer-42 "), " Customer-42 ");
  EXPECT_EQ(Ok(Normalizer::kNone, "X"), "X");
  EXPECT_EQ(Reason(Normalizer::kNone, ""), "empty");
}

TEST(NormalizeInto, ReusesTheBufferAndReportsTheReason) {
  std::string out = "previous contents that are long";
  EXPECT_EQ(NormalizeIdentifierInto(Normalizer::kEmail, " A@B.CO ", out), "");
  EXPECT_EQ(out, "a@b.co");
  EXPECT_EQ(NormalizeIdentifierInto(Normalizer::kEmail, "nope", out), kRejectNotEmail);
  EXPECT_EQ(NormalizeIdentifierInto(Normalizer::kPhone, "", out), kRejectEmpty);
}

}  // namespace
}  // namespace cleanroom
