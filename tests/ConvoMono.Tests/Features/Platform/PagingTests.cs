using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Http;

namespace ConvoMono.Tests.Features.Platform;

public sealed class PagingTests
{
    [Fact]
    public void A_cursor_round_trips_its_id()
    {
        var id = Guid.CreateVersion7();
        Assert.Equal(id, Paging.Decode(Paging.Encode(id)));
        Assert.Null(Paging.Decode(null));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("!!!!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void A_bad_cursor_is_a_400(string cursor)
    {
        var error = Assert.Throws<DomainException>(() => Paging.Decode(cursor));
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public void A_page_with_more_rows_than_the_limit_gets_a_cursor_to_its_last_row()
    {
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.CreateVersion7()).ToList();
        var page = Paging.ToPage(ids.ToList(), new PageQuery { Limit = 2 }, x => x);
        Assert.Equal(ids.Take(2), page.Data);
        Assert.Equal(ids[1], Paging.Decode(page.NextCursor));
        Assert.Null(Paging.ToPage(ids.Take(2).ToList(), new PageQuery { Limit = 2 }, x => x).NextCursor);
    }
}
