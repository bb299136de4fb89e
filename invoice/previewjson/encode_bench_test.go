package previewjson

import "testing"

// BenchmarkEncodeTypical is the encoding of the typical request's invoice alone
// (EncodeInvoice), the part of BenchmarkPreviewJSON after Preview.
func BenchmarkEncodeTypical(b *testing.B) {
	inv, err := Preview(typicalJSON(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, err := EncodeInvoice(inv)
		if err != nil {
			b.Fatal(err)
		}
		sinkBytes = out
	}
}
