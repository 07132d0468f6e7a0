#!/usr/bin/env bash
# Regenerates the PEM fixtures of dev.jquic.tls.cert tests. Requires openssl 3.x.
# The generated files are committed: tests never call openssl (CI machines may lack it).
# Validity is long (3650 days); tests exercise expiry with an injected clock instead.
set -euo pipefail
cd "$(dirname "$0")"
DAYS=3650
PASSWORD=jquic-test            # password of leaf-ec256-encrypted.key and keystore.p12
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

serial() { echo "0x$(openssl rand -hex 16)"; }

# make_ca NAME CN : self-signed EC P-256 CA -> NAME.pem, NAME-key.pem
make_ca() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1-key.pem"
  openssl req -x509 -new -key "$1-key.pem" -sha256 -days $DAYS -subj "/CN=$2" -set_serial "$(serial)" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$1.pem"
}

# sign_leaf KEY OUT SAN CA : certificate for KEY with SubjectAltName SAN, signed by CA (CA.pem, CA-key.pem)
sign_leaf() {
  cat > "$TMP/ext.cnf" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=$3
EXT
  openssl req -new -key "$1" -subj "/CN=jquic test leaf" -out "$TMP/leaf.csr"
  openssl x509 -req -in "$TMP/leaf.csr" -CA "$4.pem" -CAkey "$4-key.pem" -set_serial "$(serial)" \
    -days $DAYS -sha256 -extfile "$TMP/ext.cnf" -out "$2"
}

LOCAL="DNS:localhost,IP:127.0.0.1,IP:::1"

make_ca ca "jquic test CA"
make_ca unknown-ca "jquic unknown CA"
make_ca extra-ca "jquic extra CA"
cat extra-ca.pem ca.pem > ca-bundle.pem        # a CA bundle with several certificates

# RSA 2048: PKCS#8 ("PRIVATE KEY") and PKCS#1 ("RSA PRIVATE KEY") encodings of the same key
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out leaf-rsa-pkcs8.key
openssl rsa -in leaf-rsa-pkcs8.key -traditional -out leaf-rsa-pkcs1.key
sign_leaf leaf-rsa-pkcs8.key leaf-rsa.pem "$LOCAL" ca

# EC P-256: SEC1 preceded by "EC PARAMETERS", and PKCS#8
openssl ecparam -name prime256v1 -genkey -out leaf-ec256-sec1.key
openssl pkcs8 -topk8 -nocrypt -in leaf-ec256-sec1.key -out leaf-ec256-pkcs8.key
sign_leaf leaf-ec256-pkcs8.key leaf-ec256.pem "$LOCAL" ca
cat leaf-ec256.pem ca.pem > leaf-ec256-chain.pem   # leaf first, then its issuer
# the same key as encrypted PKCS#8 ("ENCRYPTED PRIVATE KEY"), PBES2 / AES-256-CBC
openssl pkcs8 -topk8 -v2 aes-256-cbc -passout "pass:$PASSWORD" -in leaf-ec256-pkcs8.key -out leaf-ec256-encrypted.key
# a PKCS#12 key store holding that key and chain under alias "leaf"
openssl pkcs12 -export -name leaf -inkey leaf-ec256-pkcs8.key -in leaf-ec256-chain.pem \
  -passout "pass:$PASSWORD" -out keystore.p12

# EC P-384 (PKCS#8)
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out leaf-ec384.key
sign_leaf leaf-ec384.key leaf-ec384.pem "$LOCAL" ca

# Ed25519 (PKCS#8)
openssl genpkey -algorithm ED25519 -out leaf-ed25519.key
sign_leaf leaf-ed25519.key leaf-ed25519.pem "$LOCAL" ca

# a leaf for another host only (wrong-host tests)
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out other-host.key
sign_leaf other-host.key other-host.pem "DNS:other.example.com" ca

# a wildcard leaf
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out wildcard.key
sign_leaf wildcard.key wildcard.pem "DNS:*.example.com" ca

# a leaf signed by a CA nobody trusts
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out unknown-ca-leaf.key
sign_leaf unknown-ca-leaf.key unknown-ca-leaf.pem "$LOCAL" unknown-ca

# a key that does not match leaf-ec256.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out mismatch.key

# malformed PEM: a CERTIFICATE block whose base64 body is not a certificate
printf -- '-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGUgYXQgYWxsLCBqdXN0IHRleHQu\n-----END CERTIFICATE-----\n' > malformed.pem
# a PEM file that contains no block at all
printf 'this file has no PEM block\n' > no-pem.pem
rm -f ./*.srl
