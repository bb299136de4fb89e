package previewjson

import (
	"errors"

	"github.com/pricekit/pricekit/invoice"
)

// legacyPath returns the path of an *invoice.PathError: invoice.Preview still
// reports some errors with a JSON path of its own, which is passed through.
func legacyPath(err error) (string, error, bool) {
	var pe *invoice.PathError
	if errors.As(err, &pe) {
		return pe.Path, pe.Err, true
	}
	return "", nil, false
}
