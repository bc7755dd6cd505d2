import { describe, expect, test } from 'vitest'
import { readCidInput } from '../../src/ui/cid-input.ts'

const V1 = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi'
const V0 = 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG'
const RAW = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'

describe('what the CID field accepts', () => {
  test.each([
    [V1, V1, '', 'cid'],
    [`  ${V0}\n`, V0, '', 'cid'],
    [`https://ipfs.io/ipfs/${V1}`, V1, '', 'gateway link'],
    [`https://ipfs.io/ipfs/${V0}/docs/report%20final.pdf?filename=x`, V0, '/docs/report final.pdf', 'gateway link'],
    [`https://${V1}.ipfs.dweb.link/wiki/`, V1, '/wiki', 'gateway link'],
    [`http://127.0.0.1:8080/ipfs/${RAW}`, RAW, '', 'gateway link'],
    [`ipfs://${V1}/a/b.txt`, V1, '/a/b.txt', 'ipfs:// link'],
    [`ipfs://${V0}`, V0, '', 'ipfs:// link'],
    [`/ipfs/${RAW}/x`, RAW, '/x', '/ipfs/ path']
  ])('%s', (typed, cid, path, form) => {
    expect(readCidInput(typed)).toEqual({ ok: true, cid, path, form })
  })

  test.each([
    [
      'hello',
      '“hello” is not a CID. Paste a CID (bafy… or Qm…), a gateway link (https://…/ipfs/…), an ipfs:// link or an /ipfs/… path.'
    ],
    [
      V1.slice(0, 30),
      `“${
        V1.slice(0, 30)
      }” looks like a CID but is not a valid one: it may be cut short or mistyped. Copy it again from where you found it.`
    ],
    ['https://example.com/photos/cat.jpg', /^This link does not point to IPFS content/],
    [
      `https://ipfs.io/ipfs/${V0.slice(0, 20)}`,
      /^The gateway link holds no valid CID: “Qm.*” looks like a CID but is not a valid one/
    ],
    ['ipns://en.wikipedia-on-ipfs.org', /^This is an IPNS name/],
    ['https://dweb.link/ipns/docs.ipfs.tech', /^This is an IPNS name/],
    [`${V1.slice(0, 20)} ${V1.slice(20)}`, 'A CID has no spaces or line breaks: copy it again in one piece.'],
    ['', /^Enter a CID/]
  ])('%s is refused in plain words', (typed, problem) => {
    const read = readCidInput(typed)
    expect(read.ok).toBe(false)
    if (!read.ok) expect(read.problem).toMatch(problem)
    // No library jargon: no multibase prefixes, no emoji, no error class names.
    if (!read.ok) expect(read.problem).not.toMatch(/multibase|base32z|Error|🚀/i)
  })
})
