package previewjson

import (
	"os"
	"testing"
)

// BenchmarkVerifyStripeUpgrade verifies Stripe's documented upcoming invoice
// (matching) against its request; BenchmarkVerifyPreviewAlone decodes and
// previews the same request alone. The goal: verifying costs at most 1.5× the
// preview it runs (decoding the issued invoice and matching its lines included).
func BenchmarkVerifyStripeUpgrade(b *testing.B) {
	data, err := os.ReadFile("../../examples/verify/stripe_upgrade.json")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if r, err := Verify(data); err != nil || !r.Match {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyPreviewAlone(b *testing.B) {
	data, err := os.ReadFile("../../examples/stripe_upgrade.json")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		inv, err := Preview(data)
		if err != nil {
			b.Fatal(err)
		}
		for _, l := range inv.Lines {
			_ = l.Explanation() // as the verification explains every line
		}
	}
}

// BenchmarkVerifyResponse verifies the same upgrade given as this format's own
// response (a smaller invoice than Stripe's verbatim object).
func BenchmarkVerifyResponse(b *testing.B) {
	req, err := os.ReadFile("../../examples/stripe_upgrade.json")
	if err != nil {
		b.Fatal(err)
	}
	inv, err := Preview(req)
	if err != nil {
		b.Fatal(err)
	}
	out, err := EncodeInvoice(inv)
	if err != nil {
		b.Fatal(err)
	}
	data := []byte(`{"request":` + string(req) + `,"invoice":` + string(out) + `}`)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if r, err := Verify(data); err != nil || !r.Match {
			b.Fatal(err)
		}
	}
}
