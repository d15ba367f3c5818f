#include "enclave/intel_roots.h"

namespace cleanroom {
namespace {

// "CN=Intel SGX Root CA, O=Intel Corporation, L=Santa Clara, ST=CA, C=US", valid 2018-05-21 to
// 2049-12-31, as Intel publishes it (https://certificates.trustedservices.intel.com/
// Intel_SGX_Provisioning_Certification_RootCA.cer, here in PEM). SHA-256 fingerprint (DER)
// 44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3, checked by the tests.
// Not to be confused with the debug roots some public repositories carry (their CRL points at
// non-existing-debug-only.intel.com): no production quote chains to those.
constexpr const char kIntelSgxRootCa[] = R"pem(-----BEGIN CERTIFICATE-----
MIICjzCCAjSgAwIBAgIUImUM1lqdNInzg7SVUr9QGzknBqwwCgYIKoZIzj0EAwIw
aDEaMBgGA1UEAwwRSW50ZWwgU0dYIFJvb3QgQ0ExGjAYBgNVBAoMEUludGVsIENv
cnBvcmF0aW9uMRQwEgYDVQQHDAtTYW50YSBDbGFyYTELMAkGA1UECAwCQ0ExCzAJ
BgNVBAYTAlVTMB4XDTE4MDUyMTEwNDUxMFoXDTQ5MTIzMTIzNTk1OVowaDEaMBgG
A1UEAwwRSW50ZWwgU0dYIFJvb3QgQ0ExGjAYBgNVBAoMEUludGVsIENvcnBvcmF0
aW9uMRQwEgYDVQQHDAtTYW50YSBDbGFyYTELMAkGA1UECAwCQ0ExCzAJBgNVBAYT
AlVTMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEC6nEwMDIYZOj/iPWsCzaEKi7
1OiOSLRFhWGjbnBVJfVnkY4u3IjkDYYL0MxO4mqsyYjlBalTVYxFP2sJBK5zlKOB
uzCBuDAfBgNVHSMEGDAWgBQiZQzWWp00ifODtJVSv1AbOScGrDBSBgNVHR8ESzBJ
MEegRaBDhkFodHRwczovL2NlcnRpZmljYXRlcy50cnVzdGVkc2VydmljZXMuaW50
ZWwuY29tL0ludGVsU0dYUm9vdENBLmRlcjAdBgNVHQ4EFgQUImUM1lqdNInzg7SV
Ur9QGzknBqwwDgYDVR0PAQH/BAQDAgEGMBIGA1UdEwEB/wQIMAYBAf8CAQEwCgYI
KoZIzj0EAwIDSQAwRgIhAOW/5QkR+S9CiSDcNoowLuPRLsWGf/Yi7GSX94BgwTwg
AiEA4J0lrHoMs+Xo5o/sX6O9QWxHRAvZUGOdRQ7cvqRXaqI=
-----END CERTIFICATE-----
)pem";

}  // namespace

const std::vector<std::string>& PinnedIntelRootPems() {
  static const std::vector<std::string> roots = {kIntelSgxRootCa};
  return roots;
}

}  // namespace cleanroom
