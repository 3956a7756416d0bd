import { blocks, isTrue, numberOf, references } from '../../../lib/compliance/private/terraform';
import { valueAt } from '../../../lib/helm/values';

describe('Terraform JSON readers', () => {
  test('references finds resource and data addresses inside expressions', () => {
    expect(references('${aws_s3_bucket.mimir_blocks_1a2b.arn}/*')).toEqual(['aws_s3_bucket.mimir_blocks_1a2b']);
    expect(references('${data.aws_iam_policy_document.doc.json}')).toEqual(['data.aws_iam_policy_document.doc']);
    expect(references('${base64decode(data.aws_eks_cluster.cluster.certificate_authority[0].data)}')).toEqual(['data.aws_eks_cluster.cluster']);
    expect(references(['${aws_lb.a.arn}', 'literal', '${aws_security_group.sg.id}'])).toEqual(['aws_lb.a', 'aws_security_group.sg']);
  });

  test('references ignores literals, variables and locals', () => {
    expect(references('aws_s3_bucket.x.id')).toEqual([]);
    expect(references('${var.bucket_name}-${local.suffix}')).toEqual([]);
  });

  test('blocks reads a single nested block and a list alike', () => {
    expect(blocks({ a: 1 })).toEqual([{ a: 1 }]);
    expect(blocks([{ a: 1 }, { a: 2 }])).toEqual([{ a: 1 }, { a: 2 }]);
    expect(blocks(undefined)).toEqual([]);
  });

  test('isTrue accepts string-typed booleans; numberOf ignores expressions', () => {
    expect([isTrue(true), isTrue('true'), isTrue('false'), isTrue(undefined)]).toEqual([true, true, false, false]);
    expect([numberOf(7), numberOf('7'), numberOf('${var.days}'), numberOf(undefined)]).toEqual([7, 7, undefined, undefined]);
  });

  test('valueAt walks a values tree', () => {
    expect(valueAt({ loki: { auth_enabled: false } }, 'loki.auth_enabled')).toBe(false);
    expect(valueAt({ loki: [] }, 'loki.auth_enabled')).toBeUndefined();
  });
});
