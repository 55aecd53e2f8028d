"""What participants use without an account (self sign-in, evaluations): signed link
tokens, the clock they are checked against, QR codes, and the blueprint that holds their
layout, styles and error pages. The capabilities themselves are ../self_sign_in and
../evaluations."""
